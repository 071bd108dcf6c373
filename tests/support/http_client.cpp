#include "http_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <sys/socket.h>
#include <sys/time.h>

namespace rapport::testing {
namespace {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

void set_receive_timeout(tcp::socket& socket, std::chrono::milliseconds timeout) {
    timeval tv{};
    tv.tv_sec = timeout.count() / 1000;
    tv.tv_usec = (timeout.count() % 1000) * 1000;
    setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
}

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    return text;
}

HttpResult to_result(bhttp::response<bhttp::string_body>& response) {
    HttpResult result;
    result.status = static_cast<int>(response.result_int());
    for (const auto& field : response) {
        result.headers[lower(std::string(field.name_string()))] = std::string(field.value());
    }
    result.body = std::move(response.body());
    return result;
}

}  // namespace

std::string HttpResult::header(const std::string& lower_case_name) const {
    const auto it = headers.find(lower_case_name);
    return it == headers.end() ? std::string() : it->second;
}

struct HttpClient::Impl {
    Impl(std::uint16_t port, std::string host) : endpoint(net::ip::make_address(host), port) {}

    tcp::socket& connection() {
        if (!socket) {
            socket.emplace(io_context);
            socket->connect(endpoint);
            set_receive_timeout(*socket, std::chrono::seconds(30));
        }
        return *socket;
    }

    net::io_context io_context;
    std::vector<std::pair<std::string, std::string>> default_headers;
    tcp::endpoint endpoint;
    std::optional<tcp::socket> socket;
    beast::flat_buffer buffer;
};

HttpClient::HttpClient(std::uint16_t port, std::string host)
    : impl_(std::make_unique<Impl>(port, std::move(host))) {}

HttpClient::~HttpClient() = default;

void HttpClient::set_default_header(std::string name, std::string value) {
    impl_->default_headers.emplace_back(std::move(name), std::move(value));
}

HttpResult HttpClient::get(const std::string& target,
                           const std::vector<std::pair<std::string, std::string>>& headers) {
    return request("GET", target, {}, headers);
}

HttpResult HttpClient::request(const std::string& method, const std::string& target,
                               const std::string& body,
                               const std::vector<std::pair<std::string, std::string>>& headers) {
    bhttp::request<bhttp::string_body> message{bhttp::string_to_verb(method), target, 11};
    message.set(bhttp::field::host, "127.0.0.1");
    for (const auto& [name, value] : impl_->default_headers) {
        message.set(name, value);
    }
    for (const auto& [name, value] : headers) {
        message.set(name, value);
    }
    message.body() = body;
    message.prepare_payload();
    auto& socket = impl_->connection();
    bhttp::write(socket, message);
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    parser.skip(method == "HEAD");
    bhttp::read(socket, impl_->buffer, parser);
    auto response = parser.release();
    if (!response.keep_alive()) {
        impl_->socket.reset();
        impl_->buffer.clear();
    }
    return to_result(response);
}

HttpResult HttpClient::raw(const std::string& bytes, std::chrono::milliseconds timeout) {
    tcp::socket socket(impl_->io_context);
    socket.connect(impl_->endpoint);
    set_receive_timeout(socket, timeout);
    net::write(socket, net::buffer(bytes));
    beast::flat_buffer buffer;
    bhttp::response_parser<bhttp::string_body> parser;
    beast::error_code error;
    bhttp::read(socket, buffer, parser, error);
    if (error) {
        HttpResult closed;
        closed.body = beast::buffers_to_string(buffer.data());
        return closed;
    }
    auto response = parser.release();
    return to_result(response);
}

bool HttpClient::connection_open() {
    if (!impl_->socket) {
        return false;
    }
    char byte = 0;
    const auto received = ::recv(impl_->socket->native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    return received < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

std::string sign_in(HttpClient& client, const std::string& login, const std::string& password) {
    boost::json::object credentials{{"login", login}, {"password", password}};
    const auto result =
        client.request("POST", "/api/v1/auth/login", boost::json::serialize(credentials),
                       {{"Content-Type", "application/json"}});
    EXPECT_EQ(result.status, 200) << result.body;
    if (result.status != 200) {
        return {};
    }
    std::string token(boost::json::parse(result.body).at("token").as_string());
    client.set_default_header("Authorization", "Bearer " + token);
    return token;
}

}  // namespace rapport::testing
