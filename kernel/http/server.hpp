// The HTTP/1.1 server: accepts connections, reads requests within size and time limits,
// hands them to the dispatcher and writes the responses, with keep-alive. Beast and Asio
// stay inside server.cpp.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>

namespace rapport::http {

class Dispatcher;

struct ServerOptions {
    std::string host = "127.0.0.1";
    std::uint16_t port = 8080;  // 0 picks a free port
    unsigned io_threads = 1;
    std::size_t max_body_bytes = 10 * 1024 * 1024;
    std::size_t max_header_bytes = 16 * 1024;
    // The time a connection may take to deliver a request's headers, idle keep-alive time
    // included, and then its body. Slow clients cannot pin a connection for longer.
    std::chrono::milliseconds header_timeout{15'000};
    std::chrono::milliseconds body_timeout{60'000};
    bool access_log = true;
};

// Thrown by start() when the address cannot be bound.
class ListenError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

class Server {
  public:
    Server(ServerOptions options, Dispatcher& dispatcher);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Binds, listens and starts the I/O threads.
    void start();
    // The bound port (useful with port 0).
    std::uint16_t port() const;
    // Graceful: stops accepting, closes idle connections, lets in-flight requests finish
    // (their connections close after the response), and after `grace` closes the rest.
    void stop(std::chrono::milliseconds grace);

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace rapport::http
