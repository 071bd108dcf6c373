// A plugin's settings over HTTP on both backends, with the gadgets test plugin: what its manifest
// declares under `settings:`, read and set by admins at /api/v1/admin/plugins/{id}/settings and
// read by the plugin's code (PluginContext::setting) without a restart.
#include "gadgets_test.hpp"
#include "json_http.hpp"

#include <boost/json.hpp>
#include <gmock/gmock.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

namespace rapport {
namespace {

using testing::HttpClient;
using testing::HttpResult;
using testing::json;
using testing::json_body;

const std::string settings_path = "/api/v1/admin/plugins/gadgets/settings";

class PluginSettingsTest : public testing::GadgetsTest {
  protected:
    HttpResult change(const std::string& body, HttpClient* as = nullptr) {
        return (as ? *as : *admin_).request("PATCH", settings_path, body, json_body);
    }

    boost::json::value values() { return json(admin_->get(settings_path)).at("values"); }

    std::string greeting() {
        return std::string(json(admin_->get("/gadgets/greeting/Ann")).at("greeting").as_string());
    }
};

TEST_P(PluginSettingsTest, ReadAsTheirDeclaredDefaultsUntilAnAdminSetsThem) {
    const auto answer = admin_->get(settings_path);

    ASSERT_EQ(answer.status, 200) << answer.body;
    const auto settings = json(answer);
    EXPECT_EQ(settings.at("plugin"), "gadgets");
    EXPECT_EQ(settings.at("values"),
              boost::json::parse(
                  R"({"greeting": "Hello", "batch_size": 10, "express": false, "colour": "red"})"));
    const auto& batch_size = settings.at("fields").at(1);
    EXPECT_EQ(batch_size.at("name"), "batch_size");
    EXPECT_EQ(batch_size.at("type"), "integer");
    EXPECT_EQ(batch_size.at("label"), "Batch size");
    EXPECT_EQ(batch_size.at("min"), "1");
    EXPECT_EQ(settings.at("fields").at(3).at("values"),
              boost::json::parse(R"(["red", "green", "blue"])"));
    EXPECT_EQ(greeting(), "Hello, Ann");
}

TEST_P(PluginSettingsTest, AChangeReachesThePluginsCodeWithoutARestart) {
    const auto changed = change(R"({"greeting": "Welcome", "batch_size": 25, "express": true})");

    ASSERT_EQ(changed.status, 200) << changed.body;
    EXPECT_EQ(
        json(changed).at("values"),
        boost::json::parse(
            R"({"greeting": "Welcome", "batch_size": 25, "express": true, "colour": "red"})"));
    EXPECT_EQ(greeting(), "Welcome, Ann");
    ASSERT_EQ(change(R"({"greeting": null})").status, 200);
    EXPECT_EQ(greeting(), "Hello, Ann") << "null returns a setting to its default";
    EXPECT_EQ(values().at("batch_size"), 25);
}

TEST_P(PluginSettingsTest, BadValuesAreRefusedOneDetailEachAndChangeNothing) {
    const auto refused = change(
        R"({"batch_size": 0, "express": "yes", "colour": "purple", "size": 3, "greeting": "Hi"})");

    ASSERT_EQ(refused.status, 422) << refused.body;
    std::map<std::string, std::string> details;
    const auto answer = json(refused);
    for (const auto& detail : answer.at("error").at("details").as_array()) {
        details[std::string(detail.at("field").as_string())] = detail.at("message").as_string();
    }
    EXPECT_THAT(details,
                ::testing::ElementsAre(::testing::Key("batch_size"), ::testing::Key("colour"),
                                       ::testing::Key("express"), ::testing::Key("size")));
    EXPECT_EQ(details["size"], "gadgets has no such setting");
    EXPECT_EQ(change(R"({"batch_size": "ten"})").status, 422);
    EXPECT_EQ(change(R"({"batch_size": 101})").status, 422);
    EXPECT_EQ(change(R"({"greeting": ")" + std::string(41, 'a') + R"("})").status, 422);
    EXPECT_EQ(change(R"(["greeting"])").status, 400);
    EXPECT_EQ(change("{not json").status, 400);
    EXPECT_EQ(values().at("greeting"), "Hello");
    EXPECT_EQ(values().at("batch_size"), 10);
}

TEST_P(PluginSettingsTest, AreForAdminsOnly) {
    ASSERT_EQ(admin_
                  ->request("POST", "/api/v1/records/user",
                            R"({"login": "sam", "name": "Sam", "password": "correct horse )"
                            R"(battery", "roles": ["sales_manager"]})",
                            json_body)
                  .status,
              201);
    auto sam = application_.client();
    testing::sign_in(*sam, "sam", "correct horse battery");

    EXPECT_EQ(sam->get(settings_path).status, 403);
    EXPECT_EQ(change(R"({"greeting": "Hi"})", sam.get()).status, 403);
    EXPECT_EQ(application_.client()->get(settings_path).status, 401);
    EXPECT_EQ(admin_->get("/api/v1/admin/plugins/nothing/settings").status, 404);
    EXPECT_EQ(change(R"({"greeting": "Hi"})").status, 200);
    EXPECT_EQ(greeting(), "Hi, Ann");
}

TEST_P(PluginSettingsTest, AreKeptAcrossRestartsAndDroppedWithThePluginsData) {
    ASSERT_EQ(change(R"({"greeting": "Welcome"})").status, 200);

    application_.restart();
    admin_ = application_.client(true);
    EXPECT_EQ(greeting(), "Welcome, Ann");

    ASSERT_EQ(admin_
                  ->request("POST", "/api/v1/admin/plugins/gadgets/uninstall",
                            R"({"drop_data": true})", json_body)
                  .status,
              200);
    EXPECT_EQ(values().at("greeting"), "Hello");
}

TEST_P(PluginSettingsTest, ChangesAreAdminActionsInTheSecurityLogWithoutTheirValues) {
    ASSERT_EQ(change(R"({"greeting": "Top secret", "batch_size": 25})").status, 200);
    ASSERT_EQ(change(R"({"batch_size": 0})").status, 422);
    ASSERT_EQ(
        admin_->request("POST", "/api/v1/admin/plugins/gadgets/disable", "", json_body).status,
        200);

    std::vector<std::string> details;
    const auto events = json(admin_->get("/api/v1/admin/security-events?kind=admin_action"));
    for (const auto& event : events.at("items").as_array()) {
        details.emplace_back(event.at("detail").as_string());
    }
    EXPECT_THAT(details, ::testing::IsSupersetOf({"plugin gadgets settings: greeting, batch_size",
                                                  "plugin gadgets disable"}));
    EXPECT_THAT(details, ::testing::Not(::testing::Contains(::testing::HasSubstr("secret"))));
    EXPECT_EQ(std::count(details.begin(), details.end(), "plugin gadgets settings: batch_size"), 0)
        << "a refused change is not an action";
}

RAPPORT_INSTANTIATE_FOR_EVERY_BACKEND(PluginSettingsTest);

}  // namespace
}  // namespace rapport
