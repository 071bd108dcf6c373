#include "webhooks/webhook_sender.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>
#include <openssl/ssl.h>

#include <algorithm>
#include <exception>
#include <string>
#include <vector>

namespace rapport::webhooks {
namespace {

namespace bhttp = boost::beast::http;
namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
namespace urls = boost::urls;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;
using Request = bhttp::request<bhttp::string_body>;

// Errors come back as values: a network problem is an expected outcome of a delivery.
constexpr auto as_result = net::as_tuple(net::use_awaitable);

// A webhook URL taken apart for one request.
struct Target {
    std::string problem;  // empty when the URL is usable
    bool tls = false;
    std::string host;  // IPv6 without brackets: for the resolver, SNI and the certificate check
    std::string port;
    std::string host_header;  // host[:port] as the URL writes it
    std::string path;         // path and query; at least "/"
};

Target parse_target(std::string_view url) {
    Target target;
    const auto parsed = urls::parse_uri(url);
    if (!parsed) {
        target.problem = "not an absolute URL";
        return target;
    }
    const auto scheme = parsed->scheme_id();
    if (scheme != urls::scheme::http && scheme != urls::scheme::https) {
        target.problem = "the URL must start with http:// or https://, not " +
                         std::string(parsed->scheme()) + ":";
        return target;
    }
    if (parsed->encoded_host().empty()) {
        target.problem = "the URL has no host";
        return target;
    }
    target.tls = scheme == urls::scheme::https;
    target.host = parsed->host_address();
    target.port = parsed->port().empty() ? (target.tls ? "443" : "80") : parsed->port();
    target.host_header = parsed->encoded_host_and_port();
    target.path = parsed->encoded_target();
    if (target.path.empty() || target.path.front() != '/') {
        target.path.insert(0, "/");
    }
    return target;
}

// Why `address` is closed to webhooks when private addresses are refused; empty if it is not.
std::string_view restricted_kind(const net::ip::address& address) {
    if (address.is_v6()) {
        const auto v6 = address.to_v6();
        if (v6.is_v4_mapped()) {
            return restricted_kind(net::ip::make_address_v4(net::ip::v4_mapped, v6));
        }
        if (v6.is_loopback()) {
            return "loopback";
        }
        if (v6.is_unspecified()) {
            return "unspecified";
        }
        if (v6.is_link_local()) {
            return "link-local";
        }
        return (v6.to_bytes()[0] & 0xfe) == 0xfc ? "private" : "";  // fc00::/7
    }
    const auto v4 = address.to_v4().to_uint();
    if (v4 >> 24 == 127) {
        return "loopback";
    }
    if (v4 >> 24 == 0) {  // all of 0.0.0.0/8, which Linux routes to the host itself
        return "unspecified";
    }
    if (v4 >> 24 == 10 || v4 >> 20 == 0xac1 || v4 >> 16 == 0xc0a8) {  // RFC 1918
        return "private";
    }
    return v4 >> 16 == 0xa9fe ? "link-local" : "";  // 169.254.0.0/16
}

PostResult failure(std::string error) {
    return {0, std::move(error)};
}

// Writes `request` to a connected (and handshaken) stream and reads the answer.
template <class Stream>
net::awaitable<PostResult> exchange(Stream& stream, Request& request,
                                    std::size_t max_response_bytes) {
    if (auto [error, written] = co_await bhttp::async_write(stream, request, as_result); error) {
        co_return failure("cannot send the request: " + error.message());
    }
    boost::beast::flat_buffer buffer;
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(max_response_bytes);
    const auto [error, read] = co_await bhttp::async_read(stream, buffer, parser, as_result);
    // An answer too long to keep still has its status: the receiver has answered.
    if (error && !(error == bhttp::error::body_limit && parser.is_header_done())) {
        co_return failure("no HTTP answer: " + error.message());
    }
    const int status = parser.get().result_int();
    if (status / 100 == 2) {
        co_return PostResult{status, {}};
    }
    // The first line of the body often says why; delivery logs show it.
    const std::string_view body = parser.get().body();
    const auto excerpt = body.substr(0, std::min<std::size_t>(body.find_first_of("\r\n"), 200));
    co_return PostResult{status, "HTTP " + std::to_string(status) +
                                     (excerpt.empty() ? "" : ": " + std::string(excerpt))};
}

net::awaitable<PostResult> deliver(Target target, Request request, const SenderOptions& options,
                                   ssl::context& tls) {
    const auto executor = co_await net::this_coro::executor;
    std::vector<tcp::endpoint> endpoints;
    boost::system::error_code not_an_address;
    const auto literal = net::ip::make_address(target.host, not_an_address);
    if (!not_an_address) {
        // An address needs no resolver (which would start a thread of its own).
        endpoints.emplace_back(literal, static_cast<unsigned short>(std::stoi(target.port)));
    } else {
        tcp::resolver resolver(executor);
        const auto [resolve_error, resolved] =
            co_await resolver.async_resolve(target.host, target.port, as_result);
        if (resolve_error) {
            co_return failure("cannot resolve " + target.host + ": " + resolve_error.message());
        }
        for (const auto& entry : resolved) {
            endpoints.push_back(entry.endpoint());
        }
    }
    // Every address is checked, not just the first: connecting may fall through to any.
    for (const auto& endpoint : endpoints) {
        const auto address = endpoint.address();
        const auto kind = options.allow_private_addresses ? "" : restricted_kind(address);
        if (!kind.empty()) {
            co_return failure("refused: " + target.host + " resolves to " + address.to_string() +
                              ", a " + std::string(kind) +
                              " address, and private addresses are not allowed");
        }
    }
    tcp::socket socket(executor);
    if (auto [error, endpoint] = co_await net::async_connect(socket, endpoints, as_result); error) {
        co_return failure("cannot connect to " + target.host_header + ": " + error.message());
    }
    if (!target.tls) {
        co_return co_await exchange(socket, request, options.max_response_bytes);
    }
    ssl::stream<tcp::socket> stream(std::move(socket), tls);
    // SNI names a host, never an address (RFC 6066 §3).
    if (not_an_address && !SSL_set_tlsext_host_name(stream.native_handle(), target.host.c_str())) {
        co_return failure("cannot set the TLS server name " + target.host);
    }
    stream.set_verify_callback(ssl::host_name_verification(target.host));
    if (auto [error] = co_await stream.async_handshake(ssl::stream_base::client, as_result);
        error) {
        co_return failure("TLS handshake with " + target.host_header +
                          " failed: " + error.message());
    }
    co_return co_await exchange(stream, request, options.max_response_bytes);
}

// Runs `deliveries` concurrently to their ends or to the deadline, whichever comes first.
std::vector<PostResult> run_within(
    std::vector<std::optional<net::awaitable<PostResult>>> deliveries,
    std::chrono::milliseconds timeout) {
    std::vector<std::optional<PostResult>> outcomes(deliveries.size());
    std::exception_ptr exception;
    // Declared after `outcomes`: destroying it ends unfinished deliveries before they go.
    // A DNS lookup cannot be cut short, though: that waits for the system resolver.
    net::io_context context;
    for (std::size_t i = 0; i < deliveries.size(); ++i) {
        if (deliveries[i]) {
            net::co_spawn(context, std::move(*deliveries[i]),
                          [&, i](std::exception_ptr thrown, PostResult result) {
                              exception = thrown ? thrown : exception;
                              outcomes[i] = std::move(result);
                          });
        }
    }
    context.run_for(timeout);
    if (exception) {
        std::rethrow_exception(exception);
    }
    std::vector<PostResult> results;
    for (auto& outcome : outcomes) {
        results.push_back(
            outcome ? std::move(*outcome)
                    : failure("timed out after " + std::to_string(timeout.count()) + " ms"));
    }
    return results;
}

Request request_for(const Target& target, const Post& post) {
    Request request{bhttp::verb::post, target.path, 11};
    request.set(bhttp::field::host, target.host_header);
    request.set(bhttp::field::user_agent, "Rapport-Webhooks");
    for (const auto& [name, value] : post.headers) {
        request.set(name, value);
    }
    // After the caller's headers: the body's type and framing are not theirs to change.
    request.set(bhttp::field::content_type, "application/json");
    request.keep_alive(false);  // one request a connection
    request.body() = post.body;
    request.prepare_payload();
    return request;
}

}  // namespace

struct WebhookSender::Impl {
    explicit Impl(SenderOptions options) : options(options), tls(ssl::context::tls_client) {
        tls.set_default_verify_paths();
        tls.set_verify_mode(ssl::verify_peer);
    }

    SenderOptions options;
    ssl::context tls;  // shared by every post: loading the trusted certificates is slow
};

WebhookSender::WebhookSender(SenderOptions options) : impl_(std::make_shared<Impl>(options)) {}

PostResult WebhookSender::post(
    std::string_view url, std::string_view body,
    const std::vector<std::pair<std::string, std::string>>& headers) const {
    return post_all({{std::string(url), std::string(body), headers}}).front();
}

std::vector<PostResult> WebhookSender::post_all(const std::vector<Post>& posts) const {
    const auto started = Clock::now();
    std::vector<std::optional<net::awaitable<PostResult>>> deliveries;
    std::vector<std::string> problems;
    for (const auto& post : posts) {
        Target target = parse_target(post.url);
        problems.push_back(target.problem);
        if (target.problem.empty()) {
            auto request = request_for(target, post);
            deliveries.emplace_back(
                deliver(std::move(target), std::move(request), impl_->options, impl_->tls));
        } else {
            deliveries.emplace_back();
        }
    }
    auto results = run_within(std::move(deliveries), impl_->options.timeout);
    const auto elapsed =
        std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
    for (std::size_t i = 0; i < results.size(); ++i) {
        if (!problems[i].empty()) {
            results[i] = failure(std::move(problems[i]));
        }
        results[i].elapsed = elapsed;
    }
    return results;
}

std::optional<std::string> webhook_url_problem(std::string_view url) {
    std::string problem = parse_target(url).problem;
    if (problem.empty()) {
        return std::nullopt;
    }
    return problem;
}

}  // namespace rapport::webhooks
