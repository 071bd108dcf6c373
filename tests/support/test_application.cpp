#include "test_application.hpp"

namespace rapport::testing {

TestApplication::TestApplication(db::Backend backend,
                                 const std::function<void(config::Config&)>& adjust)
    : storage_(backend) {
    config::Config config;
    config.data_dir = dir_.path();
    config.database.url = storage_.url();
    config.server.port = 0;
    config.server.io_threads = 2;
    config.server.worker_threads = 4;
    config.auth.admin_password = test_admin_password;
    if (adjust) {
        adjust(config);
    }
    application_ = std::make_unique<app::Application>(config);
    application_->start();
}

std::unique_ptr<HttpClient> TestApplication::client(bool as_admin) const {
    auto client = std::make_unique<HttpClient>(application_->port());
    if (as_admin) {
        sign_in(*client);
    }
    return client;
}

}  // namespace rapport::testing
