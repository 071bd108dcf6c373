// A whole Rapport instance in the test process: a fresh database of one backend, a data
// directory, the HTTP server on a free loopback port, and the first admin with the password
// test_admin_password.
#pragma once

#include "app/application.hpp"
#include "database_fixture.hpp"
#include "http_client.hpp"
#include "temp_dir.hpp"

#include <cstdint>
#include <functional>
#include <memory>

namespace rapport::testing {

class TestApplication {
  public:
    // `adjust` may change the configuration (limits, lifetimes) before the instance starts.
    explicit TestApplication(db::Backend backend,
                             const std::function<void(config::Config&)>& adjust = {});

    std::uint16_t port() const { return application_->port(); }
    // Stops the instance and starts a new one on the same database and data directory.
    void restart();
    app::Application& application() { return *application_; }
    // What the instance runs with: another Application on the same config shares its database
    // and data directory, as a second process would.
    const config::Config& config() const { return config_; }
    // A new client of the instance; signed in as admin when `as_admin`.
    std::unique_ptr<HttpClient> client(bool as_admin = false) const;

  private:
    void start();

    TempDir dir_;
    TestDatabase storage_;
    config::Config config_;
    std::unique_ptr<app::Application> application_;
};

}  // namespace rapport::testing
