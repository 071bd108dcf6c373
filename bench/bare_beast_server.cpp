// Baseline for bench/health.sh and bench/records.sh: the smallest correct asynchronous Beast
// server, shaped like Beast's http_server_async example, that answers every request with the
// bytes rapportd sends for GET /api/v1/health, or with a fixed JSON body read from a file
// (--response-file) such as a record rapportd serves. rapportd's req/s is reported as a ratio
// of this one's.

#include <boost/asio/dispatch.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <charconv>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <exception>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

constexpr std::string_view health_body = R"({"status":"ok","version":")" RAPPORT_VERSION R"("})";

void fail(beast::error_code ec, const char* what) {
    std::cerr << what << ": " << ec.message() << '\n';
}

// rapportd tags every response with a 16-hex-digit request id; the baseline makes one per
// response too, so that both pay for it and send the same number of bytes.
std::string make_request_id() {
    thread_local std::mt19937_64 generator{std::random_device{}()};
    constexpr std::string_view hex_digits = "0123456789abcdef";
    std::uint64_t value = generator();
    std::string id(16, '0');
    for (auto it = id.rbegin(); it != id.rend(); ++it, value >>= 4) {
        *it = hex_digits[value & 0xf];
    }
    return id;
}

http::message_generator make_response(const http::request<http::string_body>& request,
                                      std::string_view body) {
    http::response<http::string_body> response{http::status::ok, request.version()};
    response.set(http::field::content_type, "application/json");
    response.set("X-Request-Id", make_request_id());
    response.keep_alive(request.keep_alive());
    response.body() = body;
    response.prepare_payload();
    return response;
}

class Session : public std::enable_shared_from_this<Session> {
  public:
    Session(tcp::socket&& socket, std::string_view body)
        : stream_(std::move(socket)), body_(body) {}

    void run() {
        // Start on the connection's strand, which the acceptor gave the socket.
        net::dispatch(stream_.get_executor(),
                      beast::bind_front_handler(&Session::do_read, shared_from_this()));
    }

  private:
    void do_read() {
        request_ = {};
        stream_.expires_after(std::chrono::seconds(30));
        http::async_read(stream_, buffer_, request_,
                         beast::bind_front_handler(&Session::on_read, shared_from_this()));
    }

    void on_read(beast::error_code ec, std::size_t /*bytes*/) {
        if (ec == http::error::end_of_stream) {
            return do_close();
        }
        if (ec) {
            return fail(ec, "read");
        }
        http::message_generator response = make_response(request_, body_);
        const bool keep_alive = response.keep_alive();
        beast::async_write(
            stream_, std::move(response),
            beast::bind_front_handler(&Session::on_write, shared_from_this(), keep_alive));
    }

    void on_write(bool keep_alive, beast::error_code ec, std::size_t /*bytes*/) {
        if (ec) {
            return fail(ec, "write");
        }
        if (!keep_alive) {
            return do_close();
        }
        do_read();
    }

    void do_close() {
        beast::error_code ec;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    }

    beast::tcp_stream stream_;
    std::string_view body_;
    beast::flat_buffer buffer_;
    http::request<http::string_body> request_;
};

class Listener : public std::enable_shared_from_this<Listener> {
  public:
    Listener(net::io_context& io_context, const tcp::endpoint& endpoint, std::string_view body)
        : io_context_(io_context), acceptor_(net::make_strand(io_context)), body_(body) {
        acceptor_.open(endpoint.protocol());
        acceptor_.set_option(net::socket_base::reuse_address(true));
        acceptor_.bind(endpoint);
        acceptor_.listen(net::socket_base::max_listen_connections);
    }

    void run() { do_accept(); }

  private:
    void do_accept() {
        // Each connection gets its own strand so its handlers never run concurrently.
        acceptor_.async_accept(net::make_strand(io_context_),
                               beast::bind_front_handler(&Listener::on_accept, shared_from_this()));
    }

    void on_accept(beast::error_code ec, tcp::socket socket) {
        if (ec) {
            fail(ec, "accept");
        } else {
            std::make_shared<Session>(std::move(socket), body_)->run();
        }
        do_accept();
    }

    net::io_context& io_context_;
    tcp::acceptor acceptor_;
    std::string_view body_;
};

struct Options {
    unsigned short port = 0;
    int threads = 0;
    std::string response_file;
};

template <typename Number>
bool parse_positive(std::string_view text, Number& value) {
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    return error == std::errc{} && end == text.data() + text.size() && value > 0;
}

bool parse_options(int argc, char** argv, Options& options) {
    if (argc % 2 == 0) {
        return false;
    }
    for (int i = 1; i < argc; i += 2) {
        const std::string_view flag = argv[i];
        const std::string_view value = argv[i + 1];
        bool parsed = false;
        if (flag == "--port") {
            parsed = parse_positive(value, options.port);
        } else if (flag == "--threads") {
            parsed = parse_positive(value, options.threads);
        } else if (flag == "--response-file") {
            options.response_file = value;
            parsed = !value.empty();
        }
        if (!parsed) {
            return false;
        }
    }
    return options.port > 0 && options.threads > 0;
}

// The whole file, byte for byte, so that the baseline sends what rapportd sent for the record.
std::optional<std::string> read_file(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    if (!file) {
        return std::nullopt;
    }
    std::ostringstream contents;
    contents << file.rdbuf();
    return std::move(contents).str();
}

}  // namespace

int main(int argc, char** argv) {
    Options options;
    if (!parse_options(argc, argv, options)) {
        std::cerr << "usage: " << argv[0] << " --port N --threads N [--response-file FILE]\n";
        return 2;
    }
    std::string body{health_body};
    if (!options.response_file.empty()) {
        std::optional<std::string> contents = read_file(options.response_file);
        if (!contents) {
            std::cerr << "bare_beast_server: cannot read " << options.response_file << '\n';
            return 2;
        }
        body = std::move(*contents);
    }

    try {
        net::io_context io_context{options.threads};
        std::make_shared<Listener>(
            io_context, tcp::endpoint{net::ip::make_address("127.0.0.1"), options.port}, body)
            ->run();

        net::signal_set signals(io_context, SIGINT, SIGTERM);
        signals.async_wait([&io_context](beast::error_code, int) { io_context.stop(); });

        std::vector<std::thread> threads;
        threads.reserve(options.threads - 1);
        for (int i = 1; i < options.threads; ++i) {
            threads.emplace_back([&io_context] { io_context.run(); });
        }
        io_context.run();
        for (std::thread& thread : threads) {
            thread.join();
        }
    } catch (const std::exception& error) {
        // Typically the port is taken; health.sh shows this line when the server does not come up.
        std::cerr << "bare_beast_server: " << error.what() << '\n';
        return 1;
    }
    return 0;
}
