// A small blocking HTTP/1.1 client for tests: real sockets on loopback, keep-alive, and raw
// bytes for the malformed requests a browser would never send.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace rapport::testing {

struct HttpResult {
    int status = 0;
    std::map<std::string, std::string> headers;  // lower-case names
    std::string body;

    std::string header(const std::string& lower_case_name) const;
};

class HttpClient {
  public:
    explicit HttpClient(std::uint16_t port, std::string host = "127.0.0.1");
    ~HttpClient();

    // Sent with every request but raw ones (an Authorization header, say).
    void set_default_header(std::string name, std::string value);

    HttpResult get(const std::string& target,
                   const std::vector<std::pair<std::string, std::string>>& headers = {});
    HttpResult request(const std::string& method, const std::string& target,
                       const std::string& body = {},
                       const std::vector<std::pair<std::string, std::string>>& headers = {});
    // Sends raw bytes on a fresh connection and reads one response (or until the server
    // closes: the result then has status 0 and the bytes it did send in body).
    HttpResult raw(const std::string& bytes,
                   std::chrono::milliseconds timeout = std::chrono::seconds(5));
    // Whether the keep-alive connection of the previous requests is still open.
    bool connection_open();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// The first admin's password in tests that run a whole application.
inline constexpr const char* test_admin_password = "test-admin-password";

// Signs in over POST /api/v1/auth/login and sends the bearer token with every later request
// of `client`; returns the token. Fails the test when sign-in fails.
std::string sign_in(HttpClient& client, const std::string& login = "admin",
                    const std::string& password = test_admin_password);

}  // namespace rapport::testing
