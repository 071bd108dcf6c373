#include "http/server.hpp"

#include "http/dispatcher.hpp"
#include "http/error_response.hpp"
#include "http/request_id.hpp"
#include "http/utf8.hpp"
#include "logging/access_log.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/http/message_generator.hpp>
#include <boost/url/parse.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

namespace rapport::http {
namespace {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

class Session;

// What every session of one server shares; sessions keep it alive.
struct ServerState {
    ServerState(ServerOptions options, Dispatcher& dispatcher)
        : options(std::move(options)), dispatcher(dispatcher) {}

    void add(Session* session, std::weak_ptr<Session> handle) {
        std::lock_guard lock(mutex);
        sessions.emplace(session, std::move(handle));
    }
    void remove(Session* session) {
        std::lock_guard lock(mutex);
        sessions.erase(session);
        if (sessions.empty()) {
            drained.notify_all();
        }
    }

    const ServerOptions options;
    Dispatcher& dispatcher;
    std::atomic<bool> stopping{false};
    std::mutex mutex;
    std::condition_variable drained;
    std::unordered_map<Session*, std::weak_ptr<Session>> sessions;
};

bool is_quiet_disconnect(const beast::error_code& error) {
    return error == bhttp::error::end_of_stream || error == net::error::eof ||
           error == net::error::connection_reset || error == net::error::operation_aborted ||
           error == beast::error::timeout || error == net::error::broken_pipe;
}

class Session : public std::enable_shared_from_this<Session> {
  public:
    Session(tcp::socket socket, std::shared_ptr<ServerState> state)
        : stream_(std::move(socket)), state_(std::move(state)) {
        beast::error_code error;
        const auto endpoint = stream_.socket().remote_endpoint(error);
        remote_ = error ? "" : endpoint.address().to_string();
    }

    ~Session() { state_->remove(this); }

    void start() {
        state_->add(this, weak_from_this());
        net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->read_header(); });
    }

    void close_if_idle() {
        if (idle_) {
            close();
        }
    }

    net::any_io_executor executor() { return stream_.get_executor(); }

  private:
    void read_header() {
        if (state_->stopping) {
            close();
            return;
        }
        idle_ = true;
        parser_.emplace();
        parser_->header_limit(static_cast<std::uint32_t>(state_->options.max_header_bytes));
        parser_->body_limit(boost::none);  // decided per route once the header is in
        stream_.expires_after(state_->options.header_timeout);
        bhttp::async_read_header(stream_, buffer_, *parser_,
                                 [self = shared_from_this()](beast::error_code error, std::size_t) {
                                     self->on_header(error);
                                 });
    }

    void on_header(beast::error_code error) {
        idle_ = false;
        started_ = Clock::now();
        request_ = Request{};
        request_.remote_address = remote_;
        if (error) {
            request_.request_id = new_request_id();
            fail_read(error);
            return;
        }
        const auto& header = parser_->get();
        const auto incoming_id = header["X-Request-Id"];
        request_.request_id =
            is_acceptable_request_id(incoming_id) ? std::string(incoming_id) : new_request_id();
        keep_alive_ = header.keep_alive();
        if (!read_request_head() || !accept_body_size()) {
            return;
        }
        if (parser_->is_done()) {
            handle();  // no body: no second read, no second timer
        } else if (beast::iequals(header[bhttp::field::expect], "100-continue")) {
            send_continue();
        } else {
            read_body();
        }
    }

    // Clients such as curl wait for this before sending a large body.
    void send_continue() {
        auto interim = std::make_shared<bhttp::response<bhttp::empty_body>>(
            bhttp::status::continue_, parser_->get().version());
        bhttp::async_write(
            stream_, *interim,
            [self = shared_from_this(), interim](beast::error_code error, std::size_t) {
                if (error) {
                    self->close();
                } else {
                    self->read_body();
                }
            });
    }

    void read_body() {
        stream_.expires_after(state_->options.body_timeout);
        bhttp::async_read(stream_, buffer_, *parser_,
                          [self = shared_from_this()](beast::error_code error, std::size_t) {
                              if (error) {
                                  self->fail_read(error);
                              } else {
                                  self->handle();
                              }
                          });
    }

    void fail_read(const beast::error_code& error) {
        if (is_quiet_disconnect(error)) {
            close();
        } else if (error == bhttp::error::body_limit) {
            refuse_body();
        } else if (error == bhttp::error::header_limit) {
            respond_and_close(sdk::ErrorCode::bad_request, "request headers are too large");
        } else {
            respond_and_close(sdk::ErrorCode::bad_request,
                              "malformed HTTP request: " + error.message());
        }
    }

    void respond_and_close(sdk::ErrorCode code, const std::string& message) {
        keep_alive_ = false;
        write(error_response(sdk::Error(code, message), request_.request_id), "-", "-");
    }

    // Method, target, path, query and headers: enough to route before the body is read.
    bool read_request_head() {
        const auto& message = parser_->get();
        const auto method = parse_method(std::string_view(message.method_string()));
        request_.target = std::string(message.target());
        if (!method) {
            respond_and_close(sdk::ErrorCode::method_not_allowed,
                              "unsupported method " + std::string(message.method_string()));
            return false;
        }
        request_.method = *method;
        const auto target = boost::urls::parse_origin_form(request_.target);
        if (!target) {
            respond_and_close(sdk::ErrorCode::bad_request, "malformed request target");
            return false;
        }
        request_.path = target->path();
        // Names and values end up in SQL parameters and in error messages, both UTF-8 text:
        // PostgreSQL refuses other bytes, and a JSON error quoting them would not be JSON.
        const auto refuse_bytes = [this] {
            respond_and_close(sdk::ErrorCode::bad_request,
                              "the request path or query holds percent-encoded bytes that are "
                              "not UTF-8 text");
            return false;
        };
        for (auto segment : target->segments()) {
            // No entity, id or file is named with one, and messages that quote a segment
            // would end at it.
            if (segment.find('\0') != std::string::npos) {
                respond_and_close(sdk::ErrorCode::bad_request,
                                  "the request path holds a NUL character (%00)");
                return false;
            }
            if (!is_well_formed_utf8(segment)) {
                return refuse_bytes();
            }
            request_.path_segments.emplace_back(segment);
        }
        for (auto param : target->params(boost::urls::encoding_opts{true})) {
            if (!is_well_formed_utf8(param.key) || !is_well_formed_utf8(param.value)) {
                return refuse_bytes();
            }
            request_.query.emplace_back(param.key, param.has_value ? param.value : std::string());
        }
        for (const auto& field : message) {
            request_.headers.add(std::string(field.name_string()), std::string(field.value()));
        }
        return true;
    }

    // The route's own limit (imports, uploads) or the server's; a declared length over it is
    // refused before a byte of the body is read.
    bool accept_body_size() {
        if (parser_->is_done()) {
            return true;  // no body: no need to find the route twice
        }
        const std::size_t route_limit = state_->dispatcher.body_limit(request_);
        body_limit_ = route_limit ? route_limit : state_->options.max_body_bytes;
        const auto length = parser_->content_length();
        if (length && *length > body_limit_) {
            refuse_body();
            return false;
        }
        parser_->body_limit(body_limit_);
        return true;
    }

    void refuse_body() {
        respond_and_close(sdk::ErrorCode::payload_too_large,
                          fmt::format("request body exceeds the limit of {} bytes", body_limit_));
    }

    void handle() {
        request_.body = std::move(parser_->get().body());
        auto response =
            state_->dispatcher.dispatch(request_, [self = shared_from_this()](Response r) {
                net::post(self->stream_.get_executor(), [self, r = std::move(r)]() mutable {
                    // The handler may have used up the read deadline: give the write its own.
                    self->stream_.expires_after(self->state_->options.body_timeout);
                    self->write(std::move(r));
                });
            });
        if (response) {
            write(std::move(*response));
        }
    }

    void write(Response response) {
        write(std::move(response), method_name(request_.method), request_.target);
    }

    void write(Response response, std::string_view method, std::string_view target) {
        if (response.stream) {
            write_streamed(std::move(response));
            return;
        }
        const bool keep_alive = keep_alive_ && !state_->stopping;
        bhttp::response<bhttp::string_body> message{static_cast<bhttp::status>(response.status),
                                                    parser_->get().version()};
        for (const auto& [name, value] : response.headers) {
            message.set(name, value);
        }
        message.set("X-Request-Id", request_.request_id);
        message.keep_alive(keep_alive);
        const std::size_t body_bytes = response.body.size();
        message.body() = std::move(response.body);
        message.prepare_payload();
        if (request_.method == Method::head) {
            message.body().clear();
        }
        if (state_->options.access_log) {
            logging::log_access({request_.request_id, method, target, remote_, response.status,
                                 body_bytes, Clock::now() - started_});
        }
        // The generator serialises header and body into one buffer sequence: fewer
        // instructions per response than http::async_write's serializer.
        beast::async_write(
            stream_, bhttp::message_generator(std::move(message)),
            [self = shared_from_this(), keep_alive](beast::error_code error, std::size_t) {
                if (error || !keep_alive) {
                    self->close();
                } else {
                    self->read_header();
                }
            });
    }

    // Header first, then each piece the stream produces on the worker pool as one chunk.
    void write_streamed(Response response) {
        const bool keep_alive = keep_alive_ && !state_->stopping;
        auto header = std::make_shared<bhttp::response<bhttp::empty_body>>(
            static_cast<bhttp::status>(response.status), parser_->get().version());
        for (const auto& [name, value] : response.headers) {
            header->set(name, value);
        }
        header->set("X-Request-Id", request_.request_id);
        header->keep_alive(keep_alive);
        header->chunked(true);
        body_stream_ = std::move(response.stream);
        streamed_bytes_ = 0;
        auto serializer = std::make_shared<bhttp::response_serializer<bhttp::empty_body>>(*header);
        bhttp::async_write_header(stream_, *serializer,
                                  [self = shared_from_this(), header, serializer, keep_alive](
                                      beast::error_code error, std::size_t) {
                                      if (error) {
                                          self->close();
                                      } else {
                                          self->produce_chunk(keep_alive, header->result_int());
                                      }
                                  });
    }

    void produce_chunk(bool keep_alive, int status) {
        state_->dispatcher.run_on_workers([self = shared_from_this(), keep_alive, status] {
            std::optional<std::string> piece;
            bool failed = false;
            try {
                piece = self->body_stream_();
            } catch (const std::exception& error) {
                spdlog::error("request {}: streamed body failed: {}", self->request_.request_id,
                              error.what());
                failed = true;
            }
            net::post(self->stream_.get_executor(),
                      [self, piece = std::move(piece), failed, keep_alive, status]() mutable {
                          self->write_chunk(std::move(piece), failed, keep_alive, status);
                      });
        });
    }

    void write_chunk(std::optional<std::string> piece, bool failed, bool keep_alive, int status) {
        stream_.expires_after(state_->options.body_timeout);
        if (failed) {
            close();
            return;
        }
        if (!piece) {
            body_stream_ = nullptr;
            if (state_->options.access_log) {
                logging::log_access({request_.request_id, method_name(request_.method),
                                     request_.target, remote_, status, streamed_bytes_,
                                     Clock::now() - started_});
            }
            net::async_write(
                stream_, bhttp::make_chunk_last(),
                [self = shared_from_this(), keep_alive](beast::error_code error, std::size_t) {
                    if (error || !keep_alive) {
                        self->close();
                    } else {
                        self->read_header();
                    }
                });
            return;
        }
        if (piece->empty()) {  // an empty chunk would end the body
            produce_chunk(keep_alive, status);
            return;
        }
        chunk_ = std::move(*piece);
        streamed_bytes_ += chunk_.size();
        net::async_write(
            stream_, bhttp::make_chunk(net::buffer(chunk_)),
            [self = shared_from_this(), keep_alive, status](beast::error_code error, std::size_t) {
                if (error) {
                    self->close();
                } else {
                    self->produce_chunk(keep_alive, status);
                }
            });
    }

    void close() {
        beast::error_code ignored;
        stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
        stream_.close();
    }

    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
    std::shared_ptr<ServerState> state_;
    std::string remote_;
    Request request_;
    Clock::time_point started_;
    bool idle_ = true;
    bool keep_alive_ = false;
    std::size_t body_limit_ = 0;
    BodyStream body_stream_;
    std::string chunk_;  // the piece being written
    std::size_t streamed_bytes_ = 0;
};

}  // namespace

struct Server::Impl {
    Impl(ServerOptions options, Dispatcher& dispatcher)
        : state(std::make_shared<ServerState>(std::move(options), dispatcher))
        , work(io_context.get_executor())
        , acceptor(net::make_strand(io_context))
        , retry_timer(acceptor.get_executor()) {}

    void accept() {
        acceptor.async_accept(net::make_strand(io_context),
                              [this](beast::error_code error, tcp::socket socket) {
                                  on_accept(error, std::move(socket));
                              });
    }

    void on_accept(const beast::error_code& error, tcp::socket socket) {
        if (error == net::error::operation_aborted || !acceptor.is_open()) {
            return;
        }
        if (error) {
            // Typically out of file descriptors: back off instead of spinning.
            spdlog::warn("accept failed: {}", error.message());
            retry_timer.expires_after(std::chrono::milliseconds(100));
            retry_timer.async_wait([this](beast::error_code) { accept(); });
            return;
        }
        std::make_shared<Session>(std::move(socket), state)->start();
        accept();
    }

    net::io_context io_context;
    std::shared_ptr<ServerState> state;
    // Keeps the I/O threads running while a session waits for the worker pool and has no
    // socket operation pending (as during shutdown, once the acceptor is closed).
    net::executor_work_guard<net::io_context::executor_type> work;
    tcp::acceptor acceptor;
    net::steady_timer retry_timer;
    std::vector<std::thread> threads;
    std::uint16_t port = 0;
};

Server::Server(ServerOptions options, Dispatcher& dispatcher)
    : impl_(std::make_unique<Impl>(std::move(options), dispatcher)) {}

Server::~Server() {
    if (!impl_->threads.empty()) {
        stop(std::chrono::milliseconds(0));
    }
}

void Server::start() {
    const ServerOptions& options = impl_->state->options;
    beast::error_code error;
    const auto address = net::ip::make_address(options.host, error);
    const auto fail = [&](std::string_view step) {
        throw ListenError(fmt::format("cannot listen on {}:{}: {} ({})", options.host, options.port,
                                      error.message(), step));
    };
    if (error) {
        fail("address");
    }
    const tcp::endpoint endpoint{address, options.port};
    auto& acceptor = impl_->acceptor;
    if (acceptor.open(endpoint.protocol(), error); error) {
        fail("open");
    }
    if (acceptor.set_option(net::socket_base::reuse_address(true), error); error) {
        fail("reuse_address");
    }
    if (acceptor.bind(endpoint, error); error) {
        fail("bind");
    }
    if (acceptor.listen(net::socket_base::max_listen_connections, error); error) {
        fail("listen");
    }
    impl_->port = acceptor.local_endpoint().port();
    impl_->accept();
    for (unsigned i = 0; i < std::max(1u, options.io_threads); ++i) {
        impl_->threads.emplace_back([this] { impl_->io_context.run(); });
    }
}

std::uint16_t Server::port() const {
    return impl_->port;
}

void Server::stop(std::chrono::milliseconds grace) {
    auto& state = *impl_->state;
    state.stopping = true;
    net::post(impl_->acceptor.get_executor(), [this] {
        beast::error_code ignored;
        impl_->acceptor.close(ignored);
        impl_->retry_timer.cancel();
    });
    std::vector<std::shared_ptr<Session>> open;
    {
        std::lock_guard lock(state.mutex);
        for (auto& [session, handle] : state.sessions) {
            if (auto live = handle.lock()) {
                open.push_back(std::move(live));
            }
        }
    }
    for (auto& session : open) {
        net::post(session->executor(), [session] { session->close_if_idle(); });
    }
    open.clear();  // a session may end now; its destructor takes the lock
    {
        std::unique_lock lock(state.mutex);
        state.drained.wait_for(lock, grace, [&] { return state.sessions.empty(); });
    }
    impl_->work.reset();
    impl_->io_context.stop();
    for (auto& thread : impl_->threads) {
        thread.join();
    }
    impl_->threads.clear();
}

}  // namespace rapport::http
