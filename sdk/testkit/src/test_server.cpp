#include "app/application.hpp"
#include "client/server_client.hpp"
#include "plugins/package_reader.hpp"

#include <rapport/testkit/test_server.hpp>

#include <boost/json.hpp>

#include <cstdlib>
#include <stdexcept>

namespace rapport::testkit {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view admin_password = "testkit-admin-password";

fs::path temporary_directory() {
    std::string pattern = (fs::temp_directory_path() / "rapport-testkit-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) {
        throw std::runtime_error("cannot create a temporary directory in " +
                                 fs::temp_directory_path().string());
    }
    return pattern;
}

std::string answer_or_throw(const client::ServerReply& reply, int expected, std::string_view what) {
    if (reply.status != expected) {
        throw std::runtime_error(std::string(what) + ": the server answered " +
                                 std::to_string(reply.status) + " " + reply.body);
    }
    return reply.body;
}

}  // namespace

struct TestServer::Impl {
    fs::path directory = temporary_directory();
    std::unique_ptr<app::Application> application;
    std::unique_ptr<client::ServerClient> client;

    ~Impl() {
        application.reset();
        std::error_code ignored;
        fs::remove_all(directory, ignored);
    }
};

TestServer::TestServer() : impl_(std::make_unique<Impl>()) {
    config::Config config;
    config.data_dir = impl_->directory;
    config.server.port = 0;
    config.server.io_threads = 1;
    config.server.worker_threads = 2;
    config.log.access_log = false;
    config.auth.admin_password = admin_password;
    config.plugins.allow_unsigned = true;
    impl_->application = std::make_unique<app::Application>(config);
    impl_->application->start();
    const std::string url = "http://127.0.0.1:" + std::to_string(impl_->application->port());
    const client::ServerClient anonymous(url, "");
    const auto login =
        answer_or_throw(anonymous.request("POST", "/api/v1/auth/login",
                                          boost::json::serialize(boost::json::object{
                                              {"login", "admin"}, {"password", admin_password}}),
                                          "application/json"),
                        200, "signing in");
    impl_->client = std::make_unique<client::ServerClient>(
        url, std::string(boost::json::parse(login).at("token").as_string()));
}

TestServer::~TestServer() = default;

void TestServer::install(const fs::path& package) {
    const auto uploaded = answer_or_throw(
        impl_->client->request("POST", "/api/v1/admin/plugins", plugins::read_file_bytes(package),
                               "application/octet-stream"),
        201, "uploading " + package.string());
    const std::string id(boost::json::parse(uploaded).at("id").as_string());
    answer_or_throw(impl_->client->request("POST", "/api/v1/admin/plugins/" + id + "/install"), 200,
                    "installing " + id);
}

Response TestServer::get(std::string_view target) const {
    return request("GET", target);
}

Response TestServer::post(std::string_view target, std::string body,
                          std::string_view content_type) const {
    return request("POST", target, std::move(body), content_type);
}

Response TestServer::request(std::string_view method, std::string_view target, std::string body,
                             std::string_view content_type) const {
    auto reply = impl_->client->request(method, target, std::move(body), content_type);
    return {reply.status, std::move(reply.body)};
}

std::uint16_t TestServer::port() const {
    return impl_->application->port();
}

}  // namespace rapport::testkit
