// Outbound webhooks end to end on both backends: the outbox written with the change, signed
// deliveries to a loopback receiver, retries, the dead letter, the delivery log, and a delivery
// that survives a restart.
#include "json_http.hpp"
#include "test_application.hpp"
#include "webhook_receiver.hpp"
#include "webhooks/webhook_signature.hpp"

#include <boost/json.hpp>
#include <gmock/gmock.h>

#include <set>
#include <thread>

namespace rapport {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using testing::HttpResult;
using ::testing::Not;

using testing::json;
using testing::json_body;

class WebhooksApiTest : public ::testing::TestWithParam<db::Backend> {
  protected:
    WebhooksApiTest()
        : application_(GetParam(), [](config::Config& config) { config.webhooks.max_attempts = 2; })
        , admin_(application_.client(true)) {}

    HttpResult post(const std::string& target, const std::string& body) {
        return admin_->request("POST", target, body, json_body);
    }

    std::int64_t webhook(const std::string& events) {
        const auto created =
            post("/api/v1/records/webhook", R"({"url": ")" + receiver_.url() + R"(", "events": )" +
                                                events + R"(, "secret": "s3cret"})");
        EXPECT_EQ(created.status, 201) << created.body;
        return json(created).at("id").as_int64();
    }

    std::int64_t account(const std::string& name) {
        const auto created = post("/api/v1/records/account", R"({"name": ")" + name + R"("})");
        EXPECT_EQ(created.status, 201) << created.body;
        return json(created).at("id").as_int64();
    }

    boost::json::array deliveries(std::int64_t webhook_id) {
        return json(admin_->get("/api/v1/records/webhook/" + std::to_string(webhook_id) +
                                "/deliveries"))
            .at("items")
            .as_array();
    }

    // Polls until `done` holds or `timeout` passes.
    static bool eventually(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (!done()) {
            if (std::chrono::steady_clock::now() > deadline) {
                return false;
            }
            std::this_thread::sleep_for(50ms);
        }
        return true;
    }

    testing::WebhookReceiver receiver_;
    testing::TestApplication application_;
    std::unique_ptr<testing::HttpClient> admin_;
};

TEST_P(WebhooksApiTest, AWebhookNeedsAnHttpUrlAndKnownEvents) {
    const auto ftp = post("/api/v1/records/webhook",
                          R"({"url": "ftp://example.com/hook", "events": ["account.created"]})");
    EXPECT_EQ(ftp.status, 422);
    EXPECT_EQ(json(ftp).at("error").at("details").at(0).at("field"), "url");
    const auto events = post("/api/v1/records/webhook",
                             R"({"url": "http://127.0.0.1/hook", "events": ["account.renamed"]})");
    EXPECT_EQ(events.status, 422);
    EXPECT_THAT(events.body, HasSubstr("account.renamed"));
    EXPECT_EQ(
        post("/api/v1/records/webhook", R"({"url": "http://127.0.0.1/hook", "events": []})").status,
        422);
    const auto created =
        post("/api/v1/records/webhook", R"({"url": "https://example.com/hook", "events": ["*"]})");
    ASSERT_EQ(created.status, 201);
    EXPECT_EQ(json(created).at("active"), true);
    EXPECT_FALSE(json(created).as_object().contains("secret"));
    // A scheme in capitals is the same scheme (RFC 3986 §3.1).
    EXPECT_EQ(
        post("/api/v1/records/webhook", R"({"url": "HTTPS://example.com/hook", "events": ["*"]})")
            .status,
        201);
}

TEST_P(WebhooksApiTest, ADeliveryIsSignedAndCarriesTheEvent) {
    const auto hook = webhook(R"(["account.created"])");
    const auto id = account("Acme");
    ASSERT_TRUE(receiver_.wait_for(1, 10s));
    const auto request = receiver_.requests().at(0);
    EXPECT_EQ(request.method, "POST");
    EXPECT_EQ(request.header("x-rapport-signature"),
              webhooks::webhook_signature("s3cret", request.body));
    const auto body = boost::json::parse(request.body);
    EXPECT_EQ(body.at("event"), "account.created");
    EXPECT_EQ(body.at("entity"), "account");
    EXPECT_EQ(body.at("id"), id);
    EXPECT_EQ(body.at("record").at("name"), "Acme");
    EXPECT_EQ(body.at("delivery_id").as_string().size(), 32U);
    EXPECT_TRUE(body.at("occurred_at").as_string().ends_with("Z"));

    ASSERT_TRUE(eventually([&] { return deliveries(hook).size() == 1; }, 5s));
    EXPECT_EQ(deliveries(hook).at(0).at("status"), 200);
    // Other events, and changes that fail, deliver nothing.
    EXPECT_EQ(post("/api/v1/records/account", R"({"type": "partner"})").status, 422);
    EXPECT_EQ(post("/api/v1/records/contact", R"({"last_name": "Doe"})").status, 201);
    std::this_thread::sleep_for(500ms);
    EXPECT_EQ(receiver_.count(), 1U);
}

TEST_P(WebhooksApiTest, AWebhookWithoutASecretSendsNoSignature) {
    ASSERT_EQ(post("/api/v1/records/webhook",
                   R"({"url": ")" + receiver_.url() + R"(", "events": ["account.created"]})")
                  .status,
              201);
    account("Acme");
    ASSERT_TRUE(receiver_.wait_for(1, 10s));
    const auto request = receiver_.requests().at(0);
    EXPECT_EQ(request.header("x-rapport-signature"), "");
    EXPECT_EQ(request.header("x-rapport-event"), "account.created");
}

TEST_P(WebhooksApiTest, ADeliveryLeavesOutWriteOnlyFields) {
    webhook(R"(["webhook.updated", "user.created"])");
    const auto other = webhook(R"(["account.created"])");
    ASSERT_EQ(admin_
                  ->request("PATCH", "/api/v1/records/webhook/" + std::to_string(other),
                            R"({"secret": "top-secret-value"})", json_body)
                  .status,
              200);
    ASSERT_EQ(
        post("/api/v1/records/user", R"({"login": "dave", "name": "Dave", )"
                                     R"("password": "dave-password-123", "roles": ["viewer"]})")
            .status,
        201);
    ASSERT_TRUE(receiver_.wait_for(2, 10s));
    for (const auto& request : receiver_.requests()) {
        EXPECT_THAT(request.body, Not(HasSubstr("top-secret-value")));
        const auto record = boost::json::parse(request.body).at("record").as_object();
        EXPECT_FALSE(record.contains("secret")) << request.body;
        EXPECT_FALSE(record.contains("password")) << request.body;
    }
}

TEST_P(WebhooksApiTest, ImportedRecordsAreDeliveredAsCreatedOnes) {
    const auto hook = webhook(R"(["account.created"])");

    const auto imported = admin_->request("POST", "/api/v1/records/account/import",
                                          "name\nAcme\nGlobex\n", {{"Content-Type", "text/csv"}});

    ASSERT_EQ(imported.status, 200) << imported.body;
    EXPECT_EQ(json(imported).at("created"), 2);
    ASSERT_TRUE(receiver_.wait_for(2, 10s));
    std::set<std::string> names;
    for (const auto& request : receiver_.requests()) {
        const auto body = boost::json::parse(request.body);
        EXPECT_EQ(body.at("event"), "account.created");
        names.emplace(body.at("record").at("name").as_string());
    }
    EXPECT_EQ(names, (std::set<std::string>{"Acme", "Globex"}));
    ASSERT_TRUE(eventually([&] { return deliveries(hook).size() == 2; }, 5s));
}

TEST_P(WebhooksApiTest, EveryDeliveryHasItsOwnRandomId) {
    webhook(R"(["account.created"])");
    for (const auto* name : {"Acme", "Globex", "Initech"}) {
        account(name);
    }
    ASSERT_TRUE(receiver_.wait_for(3, 10s));

    std::set<std::string> ids;
    for (const auto& request : receiver_.requests()) {
        const std::string id = request.delivery_id();
        EXPECT_THAT(id, ::testing::MatchesRegex("[0-9a-f]{32}"));
        ids.insert(id);
    }
    EXPECT_EQ(ids.size(), 3U);
}

TEST_P(WebhooksApiTest, AFailingReceiverIsRetriedThenTheDeliveryIsDeadLettered) {
    receiver_.respond_with(500);
    const auto hook = webhook(R"(["account.*"])");
    account("Acme");
    ASSERT_TRUE(receiver_.wait_for(2, 15s));
    const auto requests = receiver_.requests();
    EXPECT_LT(requests[1].arrived - requests[0].arrived, 5s);  // the first retry
    EXPECT_EQ(requests[0].delivery_id(), requests[1].delivery_id());
    ASSERT_TRUE(eventually(
        [&] {
            return json(admin_->get("/api/v1/admin/jobs?state=dead&kind=webhook"))
                       .at("items")
                       .as_array()
                       .size() == 1;
        },
        10s));
    const auto log = deliveries(hook);
    ASSERT_EQ(log.size(), 2U);
    EXPECT_EQ(log.at(0).at("attempt"), 2);
    EXPECT_THAT(std::string(log.at(0).at("error").as_string()), HasSubstr("HTTP 500"));
}

TEST_P(WebhooksApiTest, ADeliveryOutlivesARestartAndArrivesOnce) {
    receiver_.fail_next(1, 503);
    webhook(R"(["account.created"])");
    account("Acme");
    ASSERT_TRUE(receiver_.wait_for(1, 10s));
    application_.restart();
    ASSERT_TRUE(receiver_.wait_for(2, 15s));
    std::this_thread::sleep_for(2500ms);
    const auto requests = receiver_.requests();
    ASSERT_EQ(requests.size(), 2U);
    EXPECT_EQ(requests[0].delivery_id(), requests[1].delivery_id());
}

TEST_P(WebhooksApiTest, OnlyAdminsSeeTheJobQueue) {
    const auto anonymous = application_.client();
    EXPECT_EQ(anonymous->get("/api/v1/admin/jobs").status, 401);
    EXPECT_EQ(admin_->get("/api/v1/admin/jobs?state=lost").status, 400);
    EXPECT_EQ(admin_->get("/api/v1/admin/jobs").status, 200);
}

INSTANTIATE_TEST_SUITE_P(Backends, WebhooksApiTest,
                         ::testing::Values(db::Backend::sqlite, db::Backend::postgresql),
                         testing::backend_test_name);

}  // namespace
}  // namespace rapport
