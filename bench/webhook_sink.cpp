// The webhook receiver of bench/workflow.sh: answers every POST with 200 and an empty body and
// counts them, noting when the first and the last arrived, so that the script can tell how
// fast rapportd's job queue delivers. Shaped like bare_beast_server (Beast's
// http_server_async: one io_context run by N threads, a strand per connection, keep-alive),
// which rapportd's sender does not use (one delivery a connection) but a receiver must allow.
//
//   GET  /stats  -> "DELIVERIES FIRST_NS LAST_NS DUPLICATES\n" (not counted); the times are
//                   nanoseconds since the epoch (0 before the first), DUPLICATES the deliveries
//                   whose X-Rapport-Delivery id had arrived before (retries)
//   POST /reset  -> zeroes all of it (not counted)
// On SIGINT or SIGTERM the stats line goes to stdout before the sink exits.

#include <boost/asio/dispatch.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <atomic>
#include <charconv>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <exception>
#include <iostream>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_set>
#include <vector>

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

std::int64_t now_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// What arrived so far. Counting is lock-free; only the duplicate check takes the mutex, which
// at a few thousand deliveries a second is not what limits the sink.
class Arrivals {
  public:
    void count(std::string_view delivery_id) {
        const std::int64_t now = now_ns();
        std::int64_t unset = 0;
        first_.compare_exchange_strong(unset, now);
        std::int64_t last = last_.load();
        while (last < now && !last_.compare_exchange_weak(last, now)) {
        }
        deliveries_.fetch_add(1);
        if (!delivery_id.empty()) {
            const std::lock_guard lock(mutex_);
            if (!seen_.emplace(delivery_id).second) {
                duplicates_.fetch_add(1);
            }
        }
    }

    void reset() {
        const std::lock_guard lock(mutex_);
        seen_.clear();
        deliveries_ = 0;
        duplicates_ = 0;
        first_ = 0;
        last_ = 0;
    }

    std::string stats() const {
        return std::to_string(deliveries_.load()) + ' ' + std::to_string(first_.load()) + ' ' +
               std::to_string(last_.load()) + ' ' + std::to_string(duplicates_.load()) + '\n';
    }

  private:
    std::atomic<std::int64_t> deliveries_{0};
    std::atomic<std::int64_t> duplicates_{0};
    std::atomic<std::int64_t> first_{0};
    std::atomic<std::int64_t> last_{0};
    std::mutex mutex_;
    std::unordered_set<std::string> seen_;
};

void fail(beast::error_code ec, const char* what) {
    std::cerr << what << ": " << ec.message() << '\n';
}

http::message_generator answer(const http::request<http::string_body>& request,
                               Arrivals& arrivals) {
    http::response<http::string_body> response{http::status::ok, request.version()};
    response.keep_alive(request.keep_alive());
    if (request.method() == http::verb::get && request.target() == "/stats") {
        response.set(http::field::content_type, "text/plain");
        response.body() = arrivals.stats();
    } else if (request.method() == http::verb::post && request.target() == "/reset") {
        arrivals.reset();
    } else {
        arrivals.count(request["X-Rapport-Delivery"]);
    }
    response.prepare_payload();
    return response;
}

class Session : public std::enable_shared_from_this<Session> {
  public:
    Session(tcp::socket&& socket, Arrivals& arrivals)
        : stream_(std::move(socket)), arrivals_(arrivals) {}

    void run() {
        net::dispatch(stream_.get_executor(),
                      beast::bind_front_handler(&Session::do_read, shared_from_this()));
    }

  private:
    void do_read() {
        request_ = {};
        stream_.expires_after(std::chrono::seconds(60));
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
        http::message_generator response = answer(request_, arrivals_);
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
    Arrivals& arrivals_;
    beast::flat_buffer buffer_;
    http::request<http::string_body> request_;
};

class Listener : public std::enable_shared_from_this<Listener> {
  public:
    Listener(net::io_context& io_context, const tcp::endpoint& endpoint, Arrivals& arrivals)
        : io_context_(io_context), acceptor_(net::make_strand(io_context)), arrivals_(arrivals) {
        acceptor_.open(endpoint.protocol());
        acceptor_.set_option(net::socket_base::reuse_address(true));
        acceptor_.bind(endpoint);
        acceptor_.listen(net::socket_base::max_listen_connections);
    }

    void run() { do_accept(); }

  private:
    void do_accept() {
        acceptor_.async_accept(net::make_strand(io_context_),
                               beast::bind_front_handler(&Listener::on_accept, shared_from_this()));
    }

    void on_accept(beast::error_code ec, tcp::socket socket) {
        if (ec) {
            fail(ec, "accept");
        } else {
            std::make_shared<Session>(std::move(socket), arrivals_)->run();
        }
        do_accept();
    }

    net::io_context& io_context_;
    tcp::acceptor acceptor_;
    Arrivals& arrivals_;
};

template <typename Number>
bool parse_positive(std::string_view text, Number& value) {
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    return error == std::errc{} && end == text.data() + text.size() && value > 0;
}

}  // namespace

int main(int argc, char** argv) {
    unsigned short port = 0;
    int threads = 0;
    if (argc != 5 || std::string_view(argv[1]) != "--port" || !parse_positive(argv[2], port) ||
        std::string_view(argv[3]) != "--threads" || !parse_positive(argv[4], threads)) {
        std::cerr << "usage: " << argv[0] << " --port N --threads N\n";
        return 2;
    }
    try {
        Arrivals arrivals;
        net::io_context io_context{threads};
        // Before listening: once the script sees the sink answer, a SIGTERM prints the stats.
        net::signal_set signals(io_context, SIGINT, SIGTERM);
        signals.async_wait([&io_context](beast::error_code, int) { io_context.stop(); });
        std::make_shared<Listener>(
            io_context, tcp::endpoint{net::ip::make_address("127.0.0.1"), port}, arrivals)
            ->run();

        std::vector<std::thread> pool;
        pool.reserve(threads - 1);
        for (int i = 1; i < threads; ++i) {
            pool.emplace_back([&io_context] { io_context.run(); });
        }
        io_context.run();
        for (std::thread& thread : pool) {
            thread.join();
        }
        std::cout << arrivals.stats() << std::flush;
    } catch (const std::exception& error) {
        std::cerr << "webhook_sink: " << error.what() << '\n';
        return 1;
    }
    return 0;
}
