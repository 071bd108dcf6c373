// Automation rules and notifications over HTTP on both backends: rules refused when they could
// never run, `set` inside the triggering transaction, `create` and `notify` after commit,
// notifications only their recipient reads, and rules that trigger each other stopping.
#include "json_http.hpp"
#include "test_application.hpp"

#include <boost/json.hpp>
#include <gmock/gmock.h>

#include <thread>

namespace rapport {
namespace {

using ::testing::HasSubstr;
using testing::HttpResult;

using testing::json;
using testing::json_body;

class AutomationApiTest : public ::testing::TestWithParam<db::Backend> {
  protected:
    AutomationApiTest() : application_(GetParam()), admin_(application_.client(true)) {}

    HttpResult post(const std::string& target, const std::string& body) {
        return admin_->request("POST", target, body, json_body);
    }

    HttpResult rule(const std::string& event, const std::string& condition,
                    const std::string& action) {
        return post("/api/v1/records/automation_rule", R"({"name": "rule", "event": ")" + event +
                                                           R"(", "condition": )" + condition +
                                                           R"(, "action": )" + action + "}");
    }

    // A rule notifying the signed-in admin of `event` with `message`.
    HttpResult notify_admin(const std::string& event, const std::string& message) {
        const auto admin_id = get("/api/v1/auth/session").at("user").at("id").as_int64();
        return rule(event, "null",
                    R"({"notify": {"user_ids": [)" + std::to_string(admin_id) +
                        R"(], "message": ")" + message + R"("}})");
    }

    std::int64_t account(const std::string& body) {
        const auto created = post("/api/v1/records/account", body);
        EXPECT_EQ(created.status, 201) << created.body;
        return json(created).at("id").as_int64();
    }

    boost::json::value get(const std::string& target) { return json(admin_->get(target)); }

    testing::TestApplication application_;
    std::unique_ptr<testing::HttpClient> admin_;
};

TEST_P(AutomationApiTest, ARuleThatCouldNeverRunIsRefused) {
    EXPECT_EQ(rule("account.renamed", "null", R"({"set": {"industry": "x"}})").status, 422);
    EXPECT_EQ(rule("gizmo.created", "null", R"({"set": {"industry": "x"}})").status, 422);
    const auto condition =
        rule("account.created", R"({"colour": "eq.red"})", R"({"set": {"industry": "x"}})");
    EXPECT_EQ(condition.status, 422);
    EXPECT_EQ(json(condition).at("error").at("details").at(0).at("field"), "condition");
    // A write-only field no list may filter on: the rule would refuse every user's create.
    const auto secret =
        rule("user.created", R"({"password": "eq.x"})", R"({"set": {"name": "x"}})");
    EXPECT_EQ(secret.status, 422);
    EXPECT_EQ(json(secret).at("error").at("details").at(0).at("field"), "condition");
    EXPECT_EQ(rule("account.created", "null", R"({"explode": true})").status, 422);
    EXPECT_EQ(rule("account.created", "null", R"({"set": {"type": "alien"}})").status, 422);
    // A set that would make every write of its records fail.
    EXPECT_EQ(rule("account.updated", "null", R"({"set": {"name": null}})").status, 422);
    // Actions naming what does not exist, or missing what they need.
    for (const char* action :
         {R"({"create": {"entity": "gizmo", "values": {}}})",
          R"({"create": {"entity": "note", "values": {"bogus": 1}}})",
          R"({"create": {"entity": "note"}})",
          // A contact needs its last name: every run would fail.
          R"({"create": {"entity": "contact", "values": {}}})",
          // Nor can a contact belong to an account that does not exist.
          R"({"create": {"entity": "contact", "values": {"last_name": "R", "account_id": 999}}})",
          R"({"webhook": "abc"})", R"({"webhook": 999})", R"({"notify": {"user_ids": [1]}})",
          R"({"notify": {"user_ids": [999], "message": "m"}})"}) {
        const auto refused = rule("account.created", "null", action);
        EXPECT_EQ(refused.status, 422) << action;
        EXPECT_EQ(json(refused).at("error").at("details").at(0).at("field"), "action") << action;
    }
    // A deleted record is gone: nothing to hold a condition against.
    EXPECT_EQ(rule("account.deleted", R"({"name": "eq.Acme"})",
                   R"({"notify": {"user_ids": [1], "message": "m"}})")
                  .status,
              422);
    EXPECT_EQ(get("/api/v1/records/automation_rule").at("total"), 0);

    // A change is checked as the rule it leaves.
    const auto created = rule("account.created", "null", R"({"set": {"industry": "x"}})");
    ASSERT_EQ(created.status, 201);
    const auto target =
        "/api/v1/records/automation_rule/" + std::to_string(json(created).at("id").as_int64());
    for (const char* change :
         {R"({"condition": {"colour": "eq.red"}})", R"({"event": "contact.created"})",
          R"({"action": {"set": {"bogus": "x"}}})"}) {
        EXPECT_EQ(admin_->request("PATCH", target, change, json_body).status, 422) << change;
    }
    EXPECT_EQ(
        admin_->request("PATCH", target, R"({"condition": {"type": "eq.partner"}})", json_body)
            .status,
        200);
}

TEST_P(AutomationApiTest, AUserOrWebhookARuleNamesStaysWhileTheRuleDoes) {
    const auto sam =
        post("/api/v1/records/user", R"({"login": "sam", "name": "Sam", "password": )"
                                     R"("correct horse battery", "roles": ["salesperson"]})");
    ASSERT_EQ(sam.status, 201);
    const auto sam_path = "/api/v1/records/user/" + std::to_string(json(sam).at("id").as_int64());
    const auto hook =
        post("/api/v1/records/webhook", R"({"url": "http://127.0.0.1:9/hook", "events": ["*"]})");
    ASSERT_EQ(hook.status, 201);
    const auto hook_id = std::to_string(json(hook).at("id").as_int64());
    const auto hook_path = "/api/v1/records/webhook/" + hook_id;
    const auto notifying =
        rule("account.created", "null",
             R"({"notify": {"user_ids": [)" + std::to_string(json(sam).at("id").as_int64()) +
                 R"(], "message": "m"}})");
    const auto delivering = rule("account.updated", "null", R"({"webhook": )" + hook_id + "}");
    ASSERT_EQ(notifying.status, 201);
    ASSERT_EQ(delivering.status, 201);

    const auto user_refused = admin_->request("DELETE", sam_path);
    EXPECT_EQ(user_refused.status, 409);
    EXPECT_THAT(user_refused.body, HasSubstr("automation rule 'rule'"));
    EXPECT_EQ(admin_->request("DELETE", hook_path).status, 409);

    for (const auto& made : {notifying, delivering}) {
        ASSERT_EQ(admin_
                      ->request("DELETE", "/api/v1/records/automation_rule/" +
                                              std::to_string(json(made).at("id").as_int64()))
                      .status,
                  204);
    }
    EXPECT_EQ(admin_->request("DELETE", sam_path).status, 204);
    EXPECT_EQ(admin_->request("DELETE", hook_path).status, 204);
}

TEST_P(AutomationApiTest, SetAppliesInsideTheTriggeringChangeWhenTheConditionHolds) {
    ASSERT_EQ(rule("account.created", R"({"type": "eq.prospect"})",
                   R"({"set": {"industry": "Prospecting"}})")
                  .status,
              201);
    const auto prospect = account(R"({"name": "Acme", "type": "prospect"})");
    const auto customer = account(R"({"name": "Globex", "type": "customer"})");
    EXPECT_EQ(get("/api/v1/records/account/" + std::to_string(prospect)).at("industry"),
              "Prospecting");
    EXPECT_TRUE(
        get("/api/v1/records/account/" + std::to_string(customer)).at("industry").is_null());
}

// A rule on an entity's created events makes an import of it create its rows one by one.
TEST_P(AutomationApiTest, RulesApplyToImportedRecords) {
    ASSERT_EQ(rule("account.created", R"({"type": "eq.prospect"})",
                   R"({"set": {"industry": "Prospecting"}})")
                  .status,
              201);

    const auto imported = admin_->request("POST", "/api/v1/records/account/import",
                                          "name,type\nAcme,prospect\nGlobex,customer\n",
                                          {{"Content-Type", "text/csv"}});

    ASSERT_EQ(imported.status, 200) << imported.body;
    const auto accounts = get("/api/v1/records/account?order=name.asc").at("items");
    EXPECT_EQ(accounts.at(0).at("industry"), "Prospecting");
    EXPECT_TRUE(accounts.at(1).at("industry").is_null());
}

TEST_P(AutomationApiTest, NotificationsReachOnlyTheirRecipient) {
    ASSERT_EQ(notify_admin("account.created", "A new account").status, 201);
    const auto id = account(R"({"name": "Acme"})");
    const auto mine = get("/api/v1/records/notification?read=is.false");
    ASSERT_EQ(mine.at("total"), 1);
    const auto& notification = mine.at("items").at(0);
    EXPECT_EQ(notification.at("message"), "A new account");
    EXPECT_EQ(notification.at("regarding_entity"), "account");
    EXPECT_EQ(notification.at("regarding_id"), id);

    ASSERT_EQ(post("/api/v1/records/user",
                   R"({"login": "sam", "name": "Sam", "password": "correct horse battery", )"
                   R"("roles": ["salesperson"]})")
                  .status,
              201);
    auto sam = application_.client();
    testing::sign_in(*sam, "sam", "correct horse battery");
    EXPECT_EQ(json(sam->get("/api/v1/records/notification")).at("total"), 0);
    const auto target =
        "/api/v1/records/notification/" + std::to_string(notification.at("id").as_int64());
    EXPECT_EQ(sam->request("PATCH", target, R"({"read": true})", json_body).status, 404);

    EXPECT_EQ(admin_->request("PATCH", target, R"({"read": true})", json_body).status, 200);
    EXPECT_EQ(get("/api/v1/records/notification?read=is.false").at("total"), 0);
}

TEST_P(AutomationApiTest, ANotificationIsMadeByWhoeverRanTheRuleAndOwnedByItsRecipient) {
    const auto created =
        post("/api/v1/records/user", R"({"login": "sam", "name": "Sam", "password": )"
                                     R"("correct horse battery", "roles": ["salesperson"]})");
    ASSERT_EQ(created.status, 201);
    const auto sam_id = json(created).at("id").as_int64();
    ASSERT_EQ(rule("account.created", "null",
                   R"({"notify": {"user_ids": [)" + std::to_string(sam_id) +
                       R"(], "message": "New account"}})")
                  .status,
              201);
    account(R"({"name": "Acme"})");
    const auto admin_id = get("/api/v1/auth/session").at("user").at("id").as_int64();

    const auto notification = get("/api/v1/records/notification").at("items").at(0);
    EXPECT_EQ(notification.at("created_by"), admin_id);
    EXPECT_EQ(notification.at("owner_id"), sam_id);
    const auto history = get("/api/v1/records/notification/" +
                             std::to_string(notification.at("id").as_int64()) + "/history");
    EXPECT_EQ(history.at("items").at(0).at("user_id"), admin_id);
}

TEST_P(AutomationApiTest, ARecipientMarksANotificationReadAndChangesNothingElse) {
    const auto created =
        post("/api/v1/records/user",
             R"({"login": "sam", "name": "Sam", "password": "correct horse battery", )"
             R"("roles": ["salesperson"]})");
    ASSERT_EQ(created.status, 201);
    const auto sam_id = json(created).at("id").as_int64();
    const auto notification =
        post("/api/v1/records/notification",
             R"({"user_id": )" + std::to_string(sam_id) + R"(, "message": "Call Acme back"})");
    ASSERT_EQ(notification.status, 201);
    auto sam = application_.client();
    testing::sign_in(*sam, "sam", "correct horse battery");
    const auto target =
        "/api/v1/records/notification/" + std::to_string(json(notification).at("id").as_int64());

    EXPECT_EQ(sam->request("PATCH", target, R"({"message": "hacked"})", json_body).status, 403);
    EXPECT_EQ(sam->request("PATCH", target, R"({"user_id": 1})", json_body).status, 403);
    EXPECT_EQ(sam->request("PATCH", target, R"({"read": true})", json_body).status, 200);
    const auto mine = json(sam->get(target));
    EXPECT_EQ(mine.at("message"), "Call Acme back");
    EXPECT_EQ(mine.at("read"), true);
}

TEST_P(AutomationApiTest, ARoleOfAnAdminsOwnReadsItsUsersNotificationsAndWhoIsWho) {
    ASSERT_EQ(post("/api/v1/records/role",
                   R"({"name": "auditor", "grants": {"account": {"read": "all"}}})")
                  .status,
              201);
    const auto created =
        post("/api/v1/records/user", R"({"login": "ida", "name": "Ida", "password": )"
                                     R"("correct horse battery", "roles": ["auditor"]})");
    ASSERT_EQ(created.status, 201);
    const auto notification =
        post("/api/v1/records/notification", R"({"user_id": )" +
                                                 std::to_string(json(created).at("id").as_int64()) +
                                                 R"(, "message": "Audit Acme"})");
    ASSERT_EQ(notification.status, 201);
    auto ida = application_.client();
    testing::sign_in(*ida, "ida", "correct horse battery");

    const auto mine = ida->get("/api/v1/records/notification");
    ASSERT_EQ(mine.status, 200) << mine.body;
    EXPECT_EQ(json(mine).at("total"), 1);
    const auto target =
        "/api/v1/records/notification/" + std::to_string(json(notification).at("id").as_int64());
    EXPECT_EQ(ida->request("PATCH", target, R"({"read": true})", json_body).status, 200);
    EXPECT_EQ(ida->request("PATCH", target, R"({"message": "x"})", json_body).status, 403);
    EXPECT_EQ(ida->get("/api/v1/records/user").status, 200);
    EXPECT_EQ(ida->get("/api/v1/records/contact").status, 403);
}

// A deleted record is nothing to point at: the notification of a delete names none.
TEST_P(AutomationApiTest, ANotificationOfADeleteRegardsNoRecord) {
    ASSERT_EQ(notify_admin("account.deleted", "An account went").status, 201);
    const auto id = account(R"({"name": "Acme"})");
    ASSERT_EQ(admin_->request("DELETE", "/api/v1/records/account/" + std::to_string(id)).status,
              204);
    const auto mine = get("/api/v1/records/notification");
    ASSERT_EQ(mine.at("total"), 1);
    EXPECT_EQ(mine.at("items").at(0).at("message"), "An account went");
    EXPECT_TRUE(mine.at("items").at(0).at("regarding_id").is_null());
}

TEST_P(AutomationApiTest, CreateRunsAfterCommit) {
    ASSERT_EQ(rule("contact.created", R"({"last_name": "eq.Doe"})",
                   R"({"create": {"entity": "account", "values": {"name": "Doe family"}}})")
                  .status,
              201);
    ASSERT_EQ(post("/api/v1/records/contact", R"({"last_name": "Doe"})").status, 201);
    ASSERT_EQ(post("/api/v1/records/contact", R"({"last_name": "Roe"})").status, 201);
    EXPECT_EQ(get("/api/v1/records/account?name=eq.Doe%20family").at("total"), 1);
}

TEST_P(AutomationApiTest, RulesThatTriggerEachOtherStop) {
    ASSERT_EQ(
        rule("account.updated", R"({"industry": "eq.ping"})", R"({"set": {"industry": "pong"}})")
            .status,
        201);
    ASSERT_EQ(
        rule("account.updated", R"({"industry": "eq.pong"})", R"({"set": {"industry": "ping"}})")
            .status,
        201);
    const auto id = account(R"({"name": "Acme"})");
    const auto updated = admin_->request("PATCH", "/api/v1/records/account/" + std::to_string(id),
                                         R"({"industry": "ping"})", json_body);
    EXPECT_EQ(updated.status, 200) << updated.body;
    const auto history = get("/api/v1/records/account/" + std::to_string(id) + "/history");
    // The request's change, then the rules' changes up to the depth limit, and no more.
    EXPECT_LE(history.at("items").as_array().size(), 7U);
}

INSTANTIATE_TEST_SUITE_P(Backends, AutomationApiTest,
                         ::testing::Values(db::Backend::sqlite, db::Backend::postgresql),
                         testing::backend_test_name);

}  // namespace
}  // namespace rapport
