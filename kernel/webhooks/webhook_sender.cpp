#include "webhooks/webhook_sender.hpp"

#include "webhooks/webhook_target.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <openssl/ssl.h>

#include <algorithm>
#include <exception>
#include <mutex>
#include <optional>
#include <poll.h>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <variant>
#include <vector>

namespace rapport::webhooks {
namespace {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;
using Request = bhttp::request<bhttp::string_body>;
using namespace net::experimental::awaitable_operators;

// Errors come back as values: a network problem is an expected outcome of a delivery.
constexpr auto as_result = net::as_tuple(net::use_awaitable);

// Kept-alive connections to one origin stay idle at most this long, and this many at most:
// receivers close idle connections after a few seconds to a few minutes.
constexpr auto max_idle_time = std::chrono::seconds(30);
constexpr std::size_t max_idle_per_origin = 32;
// A connection idle for less is reused without asking the kernel whether the receiver closed
// it (a poll() a delivery under load): if it did, deliver() sends the request again on a new
// one, which costs only that delivery a connect.
constexpr auto unchecked_idle_time = std::chrono::seconds(1);

PostResult failure(std::string error) {
    return {0, std::move(error)};
}

// An open connection to a receiver, plain or TLS; its tcp_stream enforces the deadline.
struct Connection {
    std::variant<beast::tcp_stream, ssl::stream<beast::tcp_stream>> stream;
    Clock::time_point idle_since;

    beast::tcp_stream& tcp() {
        return std::visit(
            [](auto& stream) -> beast::tcp_stream& {
                if constexpr (std::is_same_v<std::decay_t<decltype(stream)>, beast::tcp_stream>) {
                    return stream;
                } else {
                    return stream.next_layer();
                }
            },
            stream);
    }

    // Whether the receiver closed it (or sent something unasked) while it sat idle.
    bool closed_by_peer() {
        pollfd descriptor{tcp().socket().native_handle(), POLLIN | POLLRDHUP, 0};
        return ::poll(&descriptor, 1, 0) != 0;
    }
};

// Idle connections by origin, of one lane (below).
class ConnectionPool {
  public:
    std::unique_ptr<Connection> take(const std::string& origin) {
        auto found = idle_.find(origin);
        while (found != idle_.end() && !found->second.empty()) {
            auto connection = std::move(found->second.back());
            found->second.pop_back();
            const auto idle = Clock::now() - connection->idle_since;
            if (idle < unchecked_idle_time ||
                (idle < max_idle_time && !connection->closed_by_peer())) {
                return connection;
            }
        }
        return nullptr;
    }

    void give_back(const std::string& origin, std::unique_ptr<Connection> connection) {
        auto& idle = idle_[origin];
        if (idle.size() < max_idle_per_origin) {
            connection->idle_since = Clock::now();
            idle.push_back(std::move(connection));
        }
    }

  private:
    std::unordered_map<std::string, std::vector<std::unique_ptr<Connection>>> idle_;
};

// What one request on one connection came to.
struct Exchange {
    PostResult result;
    bool answered = false;  // a status line came back
    bool reusable = false;  // the answer was read whole and the receiver keeps the connection
    bool expired = false;   // the deadline passed
};

std::string timed_out(std::chrono::milliseconds timeout) {
    return "timed out after " + std::to_string(timeout.count()) + " ms";
}

// Writes `request` to a connected (and handshaken) stream and reads the answer.
template <class Stream>
net::awaitable<Exchange> exchange(Stream& stream, const Request& request,
                                  const SenderOptions& options) {
    const auto failed = [&](const std::string& what, const beast::error_code& error,
                            bool answered) {
        const bool expired = error == beast::error::timeout;
        return Exchange{failure(expired ? timed_out(options.timeout) : what + error.message()),
                        answered, false, expired};
    };
    if (auto [error, written] = co_await bhttp::async_write(stream, request, as_result); error) {
        co_return failed("cannot send the request: ", error, false);
    }
    beast::flat_buffer buffer;
    std::optional<bhttp::response_parser<bhttp::string_body>> parser;
    beast::error_code error;
    // Interim answers (1xx, such as 103 Early Hints) come before the answer: read past them.
    do {
        parser.emplace();
        parser->body_limit(options.max_response_bytes);
        auto [read_error, read] = co_await bhttp::async_read(stream, buffer, *parser, as_result);
        error = read_error;
    } while (!error && parser->get().result_int() / 100 == 1);
    // An answer too long to keep still has its status: the receiver has answered.
    if (error && !(error == bhttp::error::body_limit && parser->is_header_done())) {
        co_return failed("no HTTP answer: ", error, parser->is_header_done());
    }
    const auto& response = parser->get();
    const int status = response.result_int();
    // Bytes after the answer are nothing this client asked for: the connection is not reused,
    // so that they are never taken for the answer to the next request.
    const bool reusable = !error && response.keep_alive() && buffer.size() == 0;
    if (status / 100 == 2) {
        co_return Exchange{{status, {}}, true, reusable};
    }
    // The first line of the body often says why; delivery logs show it.
    const std::string_view body = response.body();
    const auto excerpt = body.substr(0, std::min<std::size_t>(body.find_first_of("\r\n"), 200));
    co_return Exchange{{status, "HTTP " + std::to_string(status) +
                                    (excerpt.empty() ? "" : ": " + std::string(excerpt))},
                       true,
                       reusable};
}

net::awaitable<Exchange> exchange(Connection& connection, const Request& request,
                                  const SenderOptions& options) {
    co_return co_await std::visit([&](auto& stream) { return exchange(stream, request, options); },
                                  connection.stream);
}

}  // namespace

// What a post runs on: an io_context that the posting thread runs itself until its posts have
// ended, and the connections it keeps alive. A thread takes a free lane for each post_all, so
// that posts need no I/O thread of their own and no hand-over to one and back.
struct Lane {
    net::io_context context{1};
    ConnectionPool pool;  // after the context: its sockets close before the context goes
};

struct WebhookSender::Impl {
    explicit Impl(SenderOptions options) : options(options), tls(ssl::context::tls_client) {
        tls.set_default_verify_paths();
        tls.set_verify_mode(ssl::verify_peer);
    }

    net::awaitable<PostResult> deliver(Lane& lane, Target target, Request request,
                                       Clock::time_point deadline);
    net::awaitable<std::vector<tcp::endpoint>> endpoints(const Target& target,
                                                         Clock::time_point deadline,
                                                         std::string& problem);
    net::awaitable<std::unique_ptr<Connection>> connect(const Target& target,
                                                        Clock::time_point deadline,
                                                        std::string& problem);
    std::unique_ptr<Lane> take_lane();
    void give_back(std::unique_ptr<Lane> lane);

    SenderOptions options;
    ssl::context tls;  // shared by every post: loading the trusted certificates is slow
    std::mutex mutex;
    std::vector<std::unique_ptr<Lane>> free_lanes;  // as many as posts ever ran at once
};

std::unique_ptr<Lane> WebhookSender::Impl::take_lane() {
    const std::lock_guard lock(mutex);
    if (free_lanes.empty()) {
        return std::make_unique<Lane>();
    }
    auto lane = std::move(free_lanes.back());
    free_lanes.pop_back();
    return lane;
}

void WebhookSender::Impl::give_back(std::unique_ptr<Lane> lane) {
    const std::lock_guard lock(mutex);
    free_lanes.push_back(std::move(lane));
}

// The addresses to connect to: the host itself when it is one (no resolver, which would start
// a thread of its own), else what it resolves to; every one checked against the address rule.
net::awaitable<std::vector<tcp::endpoint>> WebhookSender::Impl::endpoints(
    const Target& target, Clock::time_point deadline, std::string& problem) {
    std::vector<tcp::endpoint> endpoints;
    boost::system::error_code not_an_address;
    const auto literal = net::ip::make_address(target.host, not_an_address);
    if (!not_an_address) {
        endpoints.emplace_back(literal, static_cast<unsigned short>(std::stoi(target.port)));
    } else {
        // The lookup itself cannot be cut short: the deadline ends the wait for it.
        const auto executor = co_await net::this_coro::executor;
        tcp::resolver resolver(executor);
        net::steady_timer timer(executor, deadline);
        auto outcome = co_await (resolver.async_resolve(target.host, target.port, as_result) ||
                                 timer.async_wait(as_result));
        if (outcome.index() == 1) {
            problem = timed_out(options.timeout);
            co_return endpoints;
        }
        const auto& [error, resolved] = std::get<0>(outcome);
        if (error) {
            problem = "cannot resolve " + target.host + ": " + error.message();
            co_return endpoints;
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
            problem = "refused: " + target.host + " resolves to " + address.to_string() + ", a " +
                      std::string(kind) + " address, and private addresses are not allowed";
            endpoints.clear();
            co_return endpoints;
        }
    }
    co_return endpoints;
}

net::awaitable<std::unique_ptr<Connection>> WebhookSender::Impl::connect(const Target& target,
                                                                         Clock::time_point deadline,
                                                                         std::string& problem) {
    const auto addresses = co_await endpoints(target, deadline, problem);
    if (addresses.empty()) {
        co_return nullptr;
    }
    beast::tcp_stream stream(co_await net::this_coro::executor);
    stream.expires_at(deadline);
    if (auto [error, endpoint] = co_await stream.async_connect(addresses, as_result); error) {
        problem = error == beast::error::timeout
                      ? timed_out(options.timeout)
                      : "cannot connect to " + target.host_header + ": " + error.message();
        co_return nullptr;
    }
    if (!target.tls) {
        co_return std::make_unique<Connection>(Connection{std::move(stream), {}});
    }
    auto connection = std::make_unique<Connection>(
        Connection{ssl::stream<beast::tcp_stream>(std::move(stream), tls), {}});
    auto& secure = std::get<1>(connection->stream);
    // SNI names a host, never an address (RFC 6066 §3).
    boost::system::error_code not_an_address;
    net::ip::make_address(target.host, not_an_address);
    if (not_an_address && !SSL_set_tlsext_host_name(secure.native_handle(), target.host.c_str())) {
        problem = "cannot set the TLS server name " + target.host;
        co_return nullptr;
    }
    secure.set_verify_callback(ssl::host_name_verification(target.host));
    if (auto [error] = co_await secure.async_handshake(ssl::stream_base::client, as_result);
        error) {
        problem = error == beast::error::timeout
                      ? timed_out(options.timeout)
                      : "TLS handshake with " + target.host_header + " failed: " + error.message();
        co_return nullptr;
    }
    co_return connection;
}

net::awaitable<PostResult> WebhookSender::Impl::deliver(Lane& lane, Target target, Request request,
                                                        Clock::time_point deadline) {
    auto& pool = lane.pool;
    const auto origin = target.origin();
    if (auto kept = pool.take(origin)) {
        kept->tcp().expires_at(deadline);
        const auto outcome = co_await exchange(*kept, request, options);
        if (outcome.reusable) {
            pool.give_back(origin, std::move(kept));
        }
        // A receiver may close a kept connection just as it is reused: then it never saw the
        // request, and a new connection sends it once more.
        if (outcome.answered || outcome.expired) {
            co_return outcome.result;
        }
    }
    std::string problem;
    auto connection = co_await connect(target, deadline, problem);
    if (!connection) {
        co_return failure(std::move(problem));
    }
    const auto outcome = co_await exchange(*connection, request, options);
    if (outcome.reusable) {
        pool.give_back(origin, std::move(connection));
    }
    co_return outcome.result;
}

namespace {

Request request_for(const Target& target, const Post& post) {
    Request request{bhttp::verb::post, target.path, 11};
    request.set(bhttp::field::host, target.host_header);
    request.set(bhttp::field::user_agent, "Rapport-Webhooks");
    for (const auto& [name, value] : post.headers) {
        request.set(name, value);
    }
    // After the caller's headers: the body's type and framing are not theirs to change.
    request.set(bhttp::field::content_type, "application/json");
    request.keep_alive(true);
    request.body() = post.body;
    request.prepare_payload();
    return request;
}

}  // namespace

WebhookSender::WebhookSender(SenderOptions options) : impl_(std::make_shared<Impl>(options)) {}

PostResult WebhookSender::post(
    std::string_view url, std::string_view body,
    const std::vector<std::pair<std::string, std::string>>& headers) const {
    return post_all({{std::string(url), std::string(body), headers}}).front();
}

std::vector<PostResult> WebhookSender::post_all(const std::vector<Post>& posts) const {
    const auto started = Clock::now();
    const auto deadline = started + impl_->options.timeout;
    std::vector<PostResult> results(posts.size());
    auto lane = impl_->take_lane();
    for (std::size_t i = 0; i < posts.size(); ++i) {
        Target target = parse_target(posts[i].url);
        if (!target.problem.empty()) {
            results[i] = failure(std::move(target.problem));
            continue;
        }
        auto request = request_for(target, posts[i]);
        net::co_spawn(
            lane->context, impl_->deliver(*lane, std::move(target), std::move(request), deadline),
            [&results, i, started](std::exception_ptr thrown, PostResult result) {
                if (thrown) {
                    try {
                        std::rethrow_exception(thrown);
                    } catch (const std::exception& error) {
                        result = failure(error.what());
                    }
                }
                result.elapsed =
                    std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
                results[i] = std::move(result);
            });
    }
    // Returns once every post has ended: each one's deadline bounds it.
    lane->context.restart();
    lane->context.run();
    impl_->give_back(std::move(lane));
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
