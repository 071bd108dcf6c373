#include "client/server_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>

#include <stdexcept>

namespace rapport::client {
namespace {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;

}  // namespace

ServerClient::ServerClient(std::string_view url, std::string token) : token_(std::move(token)) {
    const auto parsed = boost::urls::parse_uri(url);
    if (!parsed || parsed->scheme() != "http" || parsed->host().empty()) {
        throw std::invalid_argument("expected the server as http://host:port, got '" +
                                    std::string(url) + "'");
    }
    host_ = std::string(parsed->host());
    port_ = parsed->has_port() ? std::string(parsed->port()) : "80";
}

ServerReply ServerClient::request(std::string_view method, std::string_view target,
                                  std::string body, std::string_view content_type) const {
    try {
        net::io_context context;
        net::ip::tcp::resolver resolver(context);
        beast::tcp_stream stream(context);
        stream.connect(resolver.resolve(host_, port_));
        bhttp::request<bhttp::string_body> message{bhttp::string_to_verb(method), target, 11};
        message.set(bhttp::field::host, host_);
        message.set(bhttp::field::authorization, "Bearer " + token_);
        if (!content_type.empty()) {
            message.set(bhttp::field::content_type, content_type);
        }
        message.body() = std::move(body);
        message.prepare_payload();
        bhttp::write(stream, message);
        beast::flat_buffer buffer;
        bhttp::response_parser<bhttp::string_body> parser;
        parser.body_limit(64 * 1024 * 1024);
        bhttp::read(stream, buffer, parser);
        auto response = parser.release();
        return {static_cast<int>(response.result_int()), std::move(response.body())};
    } catch (const boost::system::system_error& error) {
        throw std::runtime_error("cannot reach the server at " + host_ + ":" + port_ + ": " +
                                 error.code().message());
    }
}

}  // namespace rapport::client
