#include "test_application.hpp"

namespace rapport::testing {

TestApplication::TestApplication(db::Backend backend,
                                 const std::function<void(config::Config&)>& adjust)
    : storage_(backend) {
    config_.data_dir = dir_.path();
    config_.database.url = storage_.url();
    config_.server.port = 0;
    config_.server.io_threads = 2;
    config_.server.worker_threads = 4;
    config_.auth.admin_password = test_admin_password;
    if (adjust) {
        adjust(config_);
    }
    start();
}

void TestApplication::start() {
    application_ = std::make_unique<app::Application>(config_);
    application_->start();
}

void TestApplication::restart() {
    application_.reset();
    start();
}

std::unique_ptr<HttpClient> TestApplication::client(bool as_admin) const {
    auto client = std::make_unique<HttpClient>(application_->port());
    if (as_admin) {
        sign_in(*client);
    }
    return client;
}

}  // namespace rapport::testing
