// The example partner plugin (sdk/examples/hello_partner), built out of tree against the
// installed SDK and signed with the partner's own key (the fixture partner_plugin,
// tests/support/partner_plugin_build.cmake), in a server that trusts that key: it uploads,
// installs, serves its route and its entity, and leaves its path to the web UI when uninstalled.
#include "plugins/package_reader.hpp"
#include "test_application.hpp"

#include <boost/json.hpp>
#include <gmock/gmock.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace rapport {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using testing::HttpResult;
using ::testing::StartsWith;

const fs::path partner_dir = RAPPORT_PARTNER_PLUGIN_DIR;
constexpr const char* web_ui_page = "<!doctype html><title>the web UI</title>";

std::string hello_partner_package() {
    return plugins::read_file_bytes(partner_dir / "build" / "hello_partner-1.0.0.rpk");
}

std::string partner_public_key() {
    std::string key = plugins::read_file_bytes(partner_dir / "hello_partner.pub");
    key.erase(key.find_last_not_of(" \r\n") + 1);
    return key;
}

class PartnerPluginTest : public ::testing::Test {
  protected:
    PartnerPluginTest()
        : application_(db::Backend::sqlite,
                       [this](config::Config& config) {
                           config.plugins.trusted_keys = {partner_public_key()};
                           config.server.web_root = web_root_.path();
                       })
        , admin_(application_.client(true)) {
        std::ofstream(web_root_.path() / "index.html") << web_ui_page;
    }

    HttpResult action(const std::string& what, const std::string& body = {}) {
        return admin_->request("POST", "/api/v1/admin/plugins/hello_partner/" + what, body,
                               {{"Content-Type", "application/json"}});
    }

    void upload_and_install() {
        const auto uploaded =
            admin_->request("POST", "/api/v1/admin/plugins", hello_partner_package());
        ASSERT_EQ(uploaded.status, 201) << uploaded.body;
        const auto installed = action("install");
        ASSERT_EQ(installed.status, 200) << installed.body;
    }

    // The greeting of GET /hello/<encoded_name>, after checking the answer around it.
    std::string greeting(const std::string& encoded_name) {
        const auto answer = application_.client()->get("/hello/" + encoded_name);
        EXPECT_EQ(answer.status, 200) << answer.body;
        EXPECT_THAT(answer.header("content-type"), StartsWith("application/json"));
        boost::system::error_code error;
        const auto json = boost::json::parse(answer.body, error);
        if (error || !json.is_object()) {
            ADD_FAILURE() << "not a JSON object: " << answer.body;
            return {};
        }
        EXPECT_EQ(json.at("plugin"), "hello_partner");
        return std::string(json.at("greeting").as_string());
    }

    testing::TempDir web_root_;
    testing::TestApplication application_;
    std::unique_ptr<testing::HttpClient> admin_;
};

TEST_F(PartnerPluginTest, TheSignedPackageUploadsAndInstalls) {
    const auto uploaded = admin_->request("POST", "/api/v1/admin/plugins", hello_partner_package());

    ASSERT_EQ(uploaded.status, 201) << uploaded.body;
    const auto plugin = boost::json::parse(uploaded.body);
    EXPECT_EQ(plugin.at("id"), "hello_partner");
    EXPECT_EQ(plugin.at("version"), "1.0.0");
    EXPECT_EQ(plugin.at("state"), "available");

    const auto installed = action("install");

    ASSERT_EQ(installed.status, 200) << installed.body;
    EXPECT_EQ(boost::json::parse(installed.body).at("state"), "installed");
}

TEST_F(PartnerPluginTest, Install_ServesTheEntityOfTheManifest) {
    upload_and_install();

    const auto created = admin_->request("POST", "/api/v1/records/greeting", R"({"name": "world"})",
                                         {{"Content-Type", "application/json"}});

    EXPECT_EQ(created.status, 201) << created.body;
}

TEST_F(PartnerPluginTest, Install_ServesTheRouteWithoutSignIn) {
    upload_and_install();

    EXPECT_EQ(greeting("world"), "Hello, world!");
}

TEST_F(PartnerPluginTest, TheGreetingIsValidJsonWhateverTheName) {
    upload_and_install();

    EXPECT_EQ(greeting("%22Ann%22%5C"), "Hello, \"Ann\"\\!");
    EXPECT_EQ(greeting("two%0Alines"), "Hello, two\nlines!");
    EXPECT_EQ(greeting("Zo%C3%AB"), "Hello, Zo\xC3\xAB!");
}

TEST_F(PartnerPluginTest, Uninstall_LeavesThePathToTheWebUi) {
    const auto before = application_.client()->get("/hello/world");
    ASSERT_EQ(before.status, 200);
    EXPECT_EQ(before.body, web_ui_page);
    upload_and_install();
    ASSERT_EQ(greeting("world"), "Hello, world!");

    ASSERT_EQ(action("uninstall", R"({"drop_data": false})").status, 200);

    const auto after = application_.client()->get("/hello/world");
    EXPECT_EQ(after.status, 200);
    EXPECT_THAT(after.header("content-type"), StartsWith("text/html"));
    EXPECT_EQ(after.body, web_ui_page);
}

TEST(PartnerPluginTrust, APackageSignedWithAnUntrustedKeyIsRefused) {
    testing::TestApplication application(db::Backend::sqlite);
    const auto admin = application.client(true);

    const auto uploaded = admin->request("POST", "/api/v1/admin/plugins", hello_partner_package());

    EXPECT_EQ(uploaded.status, 422);
    EXPECT_THAT(uploaded.body, HasSubstr("not signed by a trusted key"));
}

}  // namespace
}  // namespace rapport
