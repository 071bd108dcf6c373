// The plugin test kit: a whole Rapport server inside the test process, on a fresh SQLite
// database, with an admin signed in, for GoogleTest (or any) tests of a plugin package.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace rapport::testkit {

struct Response {
    int status = 0;
    std::string body;
};

class TestServer {
  public:
    // Serves on a free loopback port from a temporary data directory, removed afterwards.
    // Unsigned packages install (plugins.allow_unsigned), so tests need no key.
    TestServer();
    ~TestServer();
    TestServer(const TestServer&) = delete;
    TestServer& operator=(const TestServer&) = delete;

    // Uploads and installs a package; throws std::runtime_error with the server's answer.
    void install(const std::filesystem::path& package);

    // One request as the admin (bearer token); `target` is a path with its query string.
    Response get(std::string_view target) const;
    Response post(std::string_view target, std::string body,
                  std::string_view content_type = "application/json") const;
    Response request(std::string_view method, std::string_view target, std::string body = {},
                     std::string_view content_type = {}) const;

    std::uint16_t port() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace rapport::testkit
