// A webhook endpoint for tests: an HTTP/1.1 server on loopback (an ephemeral port, its own
// I/O thread) that records every request and answers with a status the test chooses.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace rapport::testing {

struct ReceivedRequest {
    std::string method;
    std::string target;
    std::map<std::string, std::string> headers;  // lower-case names
    std::string body;
    std::chrono::steady_clock::time_point arrived;

    // The value, or "" when the request had no such header.
    std::string header(const std::string& lower_case_name) const;
    // The delivery_id of the JSON body a delivery carries.
    std::string delivery_id() const;
};

class WebhookReceiver {
  public:
    // Listening when constructed; the destructor closes every connection and stops.
    WebhookReceiver();
    ~WebhookReceiver();
    WebhookReceiver(const WebhookReceiver&) = delete;
    WebhookReceiver& operator=(const WebhookReceiver&) = delete;

    std::uint16_t port() const;
    // http://127.0.0.1:<port><target>
    std::string url(const std::string& target = "/hook") const;

    // The status of every answer from now on (200 until told otherwise).
    void respond_with(int status);
    // How long to wait before each answer; other connections are served meanwhile.
    void delay_answers(std::chrono::milliseconds delay);
    // Whether each answer is preceded by an interim one (103 Early Hints), as some servers do.
    void send_interim_answers(bool send);
    // The next `count` requests are answered with `status`, then respond_with's status again.
    void fail_next(std::size_t count, int status);

    std::size_t count() const;
    // Connections accepted so far.
    std::size_t connections() const;
    // Ends every open connection, as a server does with idle ones after its keep-alive timeout.
    void close_connections();
    // Copies of the requests received so far, in order of arrival.
    std::vector<ReceivedRequest> requests() const;
    // Whether `n` requests have arrived within `timeout`.
    bool wait_for(std::size_t n, std::chrono::milliseconds timeout) const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace rapport::testing
