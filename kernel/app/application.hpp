// One running Rapport instance: the database, the worker pool, the routes and the HTTP
// server, built from a Config. rapportd runs one; integration tests run them in-process.
#pragma once

#include "config/config.hpp"

#include <cstdint>
#include <memory>

namespace rapport::db {
class Database;
}

namespace rapport::app {

class Application {
  public:
    // Opens the database and brings its schema up to date. Throws db::DatabaseError.
    explicit Application(config::Config config);
    ~Application();
    Application(const Application&) = delete;
    Application& operator=(const Application&) = delete;

    // Starts serving. Throws http::ListenError.
    void start();
    // The port actually bound (the configured one, or a free one for port 0).
    std::uint16_t port() const;
    // Graceful: in-flight requests get server.shutdown_timeout to finish.
    void stop();

    const config::Config& config() const;
    db::Database& database();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace rapport::app
