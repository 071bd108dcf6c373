#include "webhook_receiver.hpp"

#include <boost/algorithm/string/case_conv.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>

#include <atomic>
#include <condition_variable>
#include <future>
#include <memory>
#include <mutex>
#include <set>
#include <string_view>
#include <thread>

namespace rapport::testing {
namespace {

namespace bhttp = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

constexpr auto as_result = net::as_tuple(net::use_awaitable);

struct Answer {
    int status;
    std::chrono::milliseconds delay;
    bool interim_first;
};

}  // namespace

std::string ReceivedRequest::header(const std::string& lower_case_name) const {
    const auto it = headers.find(lower_case_name);
    return it == headers.end() ? std::string() : it->second;
}

std::string ReceivedRequest::delivery_id() const {
    return std::string(boost::json::parse(body).at("delivery_id").as_string());
}

// One I/O thread serves every connection: each is a coroutine, so a delayed answer holds
// up only its own connection.
struct WebhookReceiver::Impl {
    Impl()
        : acceptor(io_context, {net::ip::address_v4::loopback(), 0})
        , port(acceptor.local_endpoint().port()) {
        net::co_spawn(io_context, accept_connections(), net::detached);
        thread = std::thread([this] { io_context.run(); });
    }

    // Stopping the loop abandons the coroutines; destroying io_context then closes their sockets.
    ~Impl() {
        io_context.stop();
        thread.join();
    }

    net::awaitable<void> accept_connections() {
        for (;;) {
            auto [error, socket] = co_await acceptor.async_accept(as_result);
            if (!error) {
                ++accepted;
                net::co_spawn(io_context, serve(std::move(socket)), net::detached);
            }
        }
    }

    net::awaitable<void> serve(tcp::socket socket) {
        open_sockets.insert(&socket);
        const std::shared_ptr<void> forget(nullptr, [&](void*) { open_sockets.erase(&socket); });
        boost::beast::flat_buffer buffer;
        for (;;) {
            bhttp::request<bhttp::string_body> request;
            if (auto [error, read] = co_await bhttp::async_read(socket, buffer, request, as_result);
                error) {
                co_return;  // the client closed the connection, or sent something unreadable
            }
            const Answer answer = record(request);
            if (answer.delay.count() > 0) {
                net::steady_timer timer(socket.get_executor(), answer.delay);
                co_await timer.async_wait(as_result);
            }
            if (answer.interim_first) {
                static constexpr std::string_view early_hints = "HTTP/1.1 103 Early Hints\r\n\r\n";
                if (auto [error, written] =
                        co_await net::async_write(socket, net::buffer(early_hints), as_result);
                    error) {
                    co_return;
                }
            }
            bhttp::response<bhttp::empty_body> response{static_cast<bhttp::status>(answer.status),
                                                        request.version()};
            response.keep_alive(request.keep_alive());
            response.prepare_payload();
            if (auto [error, written] = co_await bhttp::async_write(socket, response, as_result);
                error || !response.keep_alive()) {
                co_return;
            }
        }
    }

    Answer record(bhttp::request<bhttp::string_body>& request) {
        ReceivedRequest received{std::string(request.method_string()),
                                 std::string(request.target()),
                                 {},
                                 std::move(request.body()),
                                 std::chrono::steady_clock::now()};
        for (const auto& field : request) {
            received.headers[boost::algorithm::to_lower_copy(std::string(field.name_string()))] =
                std::string(field.value());
        }
        std::lock_guard lock(mutex);
        received_requests.push_back(std::move(received));
        arrived.notify_all();
        if (failures_left > 0) {
            --failures_left;
            return {failure_status, delay, interim_first};
        }
        return {status, delay, interim_first};
    }

    mutable std::mutex mutex;
    mutable std::condition_variable arrived;
    std::vector<ReceivedRequest> received_requests;
    int status = 200;
    std::chrono::milliseconds delay{0};
    bool interim_first = false;
    std::size_t failures_left = 0;
    int failure_status = 0;

    std::atomic<std::size_t> accepted{0};
    std::set<tcp::socket*> open_sockets;  // used on the I/O thread only

    net::io_context io_context;
    tcp::acceptor acceptor;
    const std::uint16_t port;
    std::thread thread;
};

WebhookReceiver::WebhookReceiver() : impl_(std::make_unique<Impl>()) {}

WebhookReceiver::~WebhookReceiver() = default;

std::uint16_t WebhookReceiver::port() const {
    return impl_->port;
}

std::string WebhookReceiver::url(const std::string& target) const {
    return "http://127.0.0.1:" + std::to_string(port()) + target;
}

void WebhookReceiver::respond_with(int status) {
    std::lock_guard lock(impl_->mutex);
    impl_->status = status;
}

void WebhookReceiver::delay_answers(std::chrono::milliseconds delay) {
    std::lock_guard lock(impl_->mutex);
    impl_->delay = delay;
}

void WebhookReceiver::send_interim_answers(bool send) {
    std::lock_guard lock(impl_->mutex);
    impl_->interim_first = send;
}

void WebhookReceiver::fail_next(std::size_t count, int status) {
    std::lock_guard lock(impl_->mutex);
    impl_->failures_left = count;
    impl_->failure_status = status;
}

std::size_t WebhookReceiver::count() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->received_requests.size();
}

std::vector<ReceivedRequest> WebhookReceiver::requests() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->received_requests;
}

std::size_t WebhookReceiver::connections() const {
    return impl_->accepted;
}

void WebhookReceiver::close_connections() {
    std::promise<void> closed;
    net::post(impl_->io_context, [&] {
        for (auto* socket : impl_->open_sockets) {
            boost::system::error_code ignored;
            socket->shutdown(tcp::socket::shutdown_both, ignored);
        }
        closed.set_value();
    });
    closed.get_future().wait();
}

bool WebhookReceiver::wait_for(std::size_t n, std::chrono::milliseconds timeout) const {
    std::unique_lock lock(impl_->mutex);
    return impl_->arrived.wait_for(lock, timeout,
                                   [&] { return impl_->received_requests.size() >= n; });
}

}  // namespace rapport::testing
