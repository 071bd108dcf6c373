// Workflows, actions and events over HTTP on both backends, with the gadgets test plugin: a
// strict workflow declared in its manifest, C++ actions on its own entity and on the kernel's
// account, a validator that vetoes and subscribers after commit.
#include "gadgets_test.hpp"
#include "json_http.hpp"

#include <boost/json.hpp>
#include <gmock/gmock.h>

#include <thread>

namespace rapport {
namespace {

using ::testing::HasSubstr;
using testing::HttpResult;

using testing::json;
using testing::json_body;

class WorkflowApiTest : public testing::GadgetsTest {
  protected:
    HttpResult post(const std::string& target, const std::string& body = {}) {
        return admin_->request("POST", target, body, json_body);
    }

    std::int64_t gadget(const std::string& name) {
        const auto created = post("/api/v1/records/gadget", R"({"name": ")" + name + R"("})");
        EXPECT_EQ(created.status, 201) << created.body;
        return json(created).at("id").as_int64();
    }

    HttpResult act(std::int64_t id, const std::string& action, const std::string& body = {}) {
        return post("/api/v1/records/gadget/" + std::to_string(id) + "/actions/" + action, body);
    }

    std::int64_t account_id(const std::string& name) {
        const auto created = post("/api/v1/records/account", R"({"name": ")" + name + R"("})");
        EXPECT_EQ(created.status, 201) << created.body;
        return json(created).at("id").as_int64();
    }

    std::string state_of(std::int64_t id) {
        const auto record = json(admin_->get("/api/v1/records/gadget/" + std::to_string(id)));
        return std::string(record.at("state").as_string());
    }

    // A user with `role`, signed in.
    std::unique_ptr<testing::HttpClient> user(const std::string& login, const std::string& role) {
        const auto created =
            post("/api/v1/records/user", R"({"login": ")" + login + R"(", "name": ")" + login +
                                             R"(", "password": "correct horse battery", )"
                                             R"("roles": [")" +
                                             role + R"("]})");
        EXPECT_EQ(created.status, 201) << created.body;
        auto client = application_.client();
        testing::sign_in(*client, login, "correct horse battery");
        return client;
    }

    // The names of the actions gadget `id` offers the client's user.
    static std::vector<std::string> offered(testing::HttpClient& client, std::int64_t id) {
        const auto answer = client.get("/api/v1/records/gadget/" + std::to_string(id) + "/actions");
        EXPECT_EQ(answer.status, 200) << answer.body;
        const auto items = json(answer).at("items");
        std::vector<std::string> names;
        for (const auto& item : items.as_array()) {
            names.emplace_back(item.at("name").as_string());
        }
        return names;
    }

    std::int64_t gadget_count() {
        return json(admin_->get("/api/v1/records/gadget")).at("total").as_int64();
    }
};

TEST_P(WorkflowApiTest, MetadataListsStatesTransitionsAndActions) {
    const auto meta = json(admin_->get("/api/v1/meta/entities/gadget"));
    const auto& workflow = meta.at("workflow");
    EXPECT_EQ(workflow.at("kind"), "strict");
    EXPECT_EQ(workflow.at("field"), "state");
    ASSERT_EQ(workflow.at("states").as_array().size(), 4U);
    EXPECT_EQ(workflow.at("states").at(2).at("closed"), true);
    EXPECT_EQ(workflow.at("transitions").at(1).at("require"), boost::json::array{"carrier"});
    EXPECT_EQ(meta.at("actions"), (boost::json::array{"ship", "scrap"}));
}

TEST_P(WorkflowApiTest, AStrictStateChangesOnlyThroughActions) {
    const auto refused = post("/api/v1/records/gadget", R"({"name": "Widget", "state": "ready"})");
    EXPECT_EQ(refused.status, 422);
    EXPECT_THAT(refused.body, HasSubstr("changes only through its actions"));
    const auto id = gadget("Widget");
    EXPECT_EQ(state_of(id), "draft");
    const auto patched = admin_->request("PATCH", "/api/v1/records/gadget/" + std::to_string(id),
                                         R"({"state": "shipped"})", json_body);
    EXPECT_EQ(patched.status, 422);

    const auto prepared = act(id, "prepare");
    ASSERT_EQ(prepared.status, 200) << prepared.body;
    EXPECT_EQ(json(prepared).at("record").at("state"), "ready");
    EXPECT_TRUE(json(prepared).at("created").is_null());
    const auto history =
        json(admin_->get("/api/v1/records/gadget/" + std::to_string(id) + "/history"));
    EXPECT_EQ(history.at("items").as_array().back().at("action"), "prepare");
}

TEST_P(WorkflowApiTest, ARefusedTransitionChangesNothing) {
    const auto id = gadget("Widget");
    const auto too_early = act(id, "ship", R"({"carrier": "DHL"})");
    EXPECT_EQ(too_early.status, 409);
    EXPECT_THAT(too_early.body, HasSubstr("applies only from ready"));
    EXPECT_EQ(act(id, "prepare", R"({"colour": "red"})").status, 422);
    ASSERT_EQ(act(id, "prepare").status, 200);
    EXPECT_EQ(act(id, "prepare").status, 409);

    const auto no_carrier = act(id, "ship");
    EXPECT_EQ(no_carrier.status, 422);
    EXPECT_EQ(json(no_carrier).at("error").at("details").at(0).at("field"), "carrier");
    EXPECT_EQ(act(id, "nonsense").status, 404);
    EXPECT_EQ(act(id, "ship", "[1, 2]").status, 400);
    EXPECT_EQ(state_of(id), "ready");
    EXPECT_EQ(gadget_count(), 2);  // the welcome gadget and this one
}

TEST_P(WorkflowApiTest, ATransitionLimitedToRolesRefusesOthers) {
    const auto sam = user("sam", "salesperson");
    const auto made =
        sam->request("POST", "/api/v1/records/gadget", R"({"name": "Lamp"})", json_body);
    ASSERT_EQ(made.status, 201) << made.body;
    const auto target =
        "/api/v1/records/gadget/" + std::to_string(json(made).at("id").as_int64()) + "/actions/";
    ASSERT_EQ(sam->request("POST", target + "prepare").status, 200);
    const auto offered = json(sam->get(target.substr(0, target.size() - 1)));
    EXPECT_EQ(offered.at("items").at(0).at("name"), "scrap");  // not ship: sales managers only
    const auto refused = sam->request("POST", target + "ship", R"({"carrier": "DHL"})", json_body);
    EXPECT_EQ(refused.status, 403);
    EXPECT_THAT(refused.body, HasSubstr("sales_manager"));
    EXPECT_EQ(act(json(made).at("id").as_int64(), "ship", R"({"carrier": "DHL"})").status, 200);
}

TEST_P(WorkflowApiTest, ATransitionAndItsCodeCommitTogether) {
    const auto id = gadget("Widget");
    ASSERT_EQ(act(id, "prepare").status, 200);
    const auto exploded = act(id, "ship", R"({"carrier": "DHL", "explode": true})");
    EXPECT_EQ(exploded.status, 500);
    EXPECT_FALSE(json(exploded).at("error").at("request_id").as_string().empty());
    EXPECT_EQ(state_of(id), "ready");
    EXPECT_EQ(gadget_count(), 2);  // the spare made before the failure is gone too

    const auto shipped = act(id, "ship", R"({"carrier": "DHL"})");
    ASSERT_EQ(shipped.status, 200) << shipped.body;
    const auto result = json(shipped);
    EXPECT_EQ(result.at("record").at("state"), "shipped");
    EXPECT_EQ(result.at("record").at("carrier"), "DHL");
    EXPECT_EQ(result.at("created").at("entity"), "gadget");
    const auto spare = json(admin_->get("/api/v1/records/gadget/" +
                                        std::to_string(result.at("created").at("id").as_int64())));
    EXPECT_EQ(spare.at("name"), "Widget spare");

    // The job the action scheduled runs once, after commit; the failed attempt's is gone.
    const auto reminders = [&] {
        return json(admin_->get("/api/v1/records/gadget?name=eq.Widget%20reminder"))
            .at("total")
            .as_int64();
    };
    for (int i = 0; i < 100 && reminders() == 0; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    EXPECT_EQ(reminders(), 1);
}

TEST_P(WorkflowApiTest, APluginRefusalIsAnsweredWithItsCode) {
    const auto id = gadget("Widget");
    const auto scrapped = act(id, "scrap");
    EXPECT_EQ(scrapped.status, 409);
    EXPECT_THAT(scrapped.body, HasSubstr("gadgets are forever"));
}

TEST_P(WorkflowApiTest, OnlyCodeRunsAnInternalTransition) {
    const auto id = gadget("Widget");
    ASSERT_EQ(act(id, "prepare").status, 200);
    ASSERT_EQ(act(id, "ship", R"({"carrier": "DHL"})").status, 200);
    EXPECT_EQ(act(id, "archive").status, 404);
    const auto scrapped = act(id, "scrap");
    ASSERT_EQ(scrapped.status, 200) << scrapped.body;
    EXPECT_EQ(json(scrapped).at("record").at("state"), "archived");
}

TEST_P(WorkflowApiTest, APluginServesViewsOfAWholeEntity) {
    gadget("Widget");
    const auto census = admin_->get("/api/v1/records/gadget/census");
    ASSERT_EQ(census.status, 200) << census.body;
    EXPECT_EQ(json(census).at("gadgets"), 2);
    EXPECT_EQ(application_.client()->get("/api/v1/records/gadget/census").status, 401);
}

TEST_P(WorkflowApiTest, APluginAddsUpRecordsAsTheCallerMaySeeThem) {
    for (const auto* body : {R"({"name": "A", "price": "10.10", "made_on": "2026-11-03"})",
                             R"({"name": "B", "price": "20.25", "made_on": "2026-11-28"})",
                             R"({"name": "C", "price": 5, "made_on": "2026-12-01"})",
                             R"({"name": "Unpriced", "made_on": "2026-12-02"})",
                             R"({"name": "Undated", "price": "1.50"})"}) {
        ASSERT_EQ(post("/api/v1/records/gadget", body).status, 201) << body;
    }
    // A support agent reads only the gadgets they made.
    const auto sue = user("sue", "support_agent");
    ASSERT_EQ(sue->request("POST", "/api/v1/records/gadget",
                           R"({"name": "F", "price": "7.00", "made_on": "2026-12-15"})", json_body)
                  .status,
              201);

    const auto all = admin_->get("/api/v1/records/gadget/tally");
    ASSERT_EQ(all.status, 200) << all.body;
    EXPECT_EQ(json(all), boost::json::parse(R"({"groups": [
        {"month": "2026-11", "count": 2, "price": "30.35", "last_made": "2026-11-28"},
        {"month": "2026-12", "count": 2, "price": "12.00", "last_made": "2026-12-15"},
        {"month": null, "count": 1, "price": "1.50", "last_made": null}]})"));
    const auto own = sue->get("/api/v1/records/gadget/tally");
    ASSERT_EQ(own.status, 200) << own.body;
    EXPECT_EQ(json(own), boost::json::parse(R"({"groups": [
        {"month": "2026-12", "count": 1, "price": "7.00", "last_made": "2026-12-15"}]})"));
}

TEST_P(WorkflowApiTest, APluginAddsActionsToTheKernelsEntities) {
    const auto id = account_id("Acme");
    const auto done = post("/api/v1/records/account/" + std::to_string(id) + "/actions/gadgetise");
    ASSERT_EQ(done.status, 200) << done.body;
    EXPECT_EQ(json(done).at("record").at("name"), "Acme");
    EXPECT_EQ(json(done).at("created").at("entity"), "gadget");
    const auto offered =
        json(admin_->get("/api/v1/records/account/" + std::to_string(id) + "/actions"));
    EXPECT_EQ(offered.at("items").at(0).at("name"), "gadgetise");
}

TEST_P(WorkflowApiTest, APluginServesViewsOfRecordsToThoseWhoMayReadThem) {
    const auto id = std::to_string(gadget("Widget"));
    const auto first = admin_->get("/api/v1/records/gadget/" + id + "/label?size=big");
    ASSERT_EQ(first.status, 200) << first.body;
    EXPECT_EQ(first.header("content-type"), "text/html; charset=utf-8");
    EXPECT_THAT(first.body, HasSubstr("<h1>Widget</h1><p>label 1</p>"));
    EXPECT_THAT(first.body, HasSubstr(R"({"size":"big"})"));
    EXPECT_THAT(admin_->get("/api/v1/records/gadget/" + id + "/label").body, HasSubstr("label 2"));
    EXPECT_EQ(application_.client()->get("/api/v1/records/gadget/" + id + "/label").status, 401);
    EXPECT_EQ(admin_->get("/api/v1/records/gadget/999/label").status, 404);
    EXPECT_EQ(admin_->get("/api/v1/records/gadget/" + id).status, 200);  // the record itself
}

TEST_P(WorkflowApiTest, APluginAddsComputedFieldsToTheKernelsEntities) {
    const auto id = std::to_string(account_id("Acme"));
    EXPECT_EQ(json(admin_->get("/api/v1/records/account/" + id)).at("gadget_badge"),
              "gadget friend of Acme");
    ASSERT_EQ(admin_->request("POST", "/api/v1/admin/plugins/gadgets/uninstall").status, 200);
    EXPECT_FALSE(
        json(admin_->get("/api/v1/records/account/" + id)).as_object().contains("gadget_badge"));
}

TEST_P(WorkflowApiTest, ANumberBeyondAJsonNumbersRangeIsRefusedNotAFailure) {
    const auto id = gadget("Widget");
    const auto refused = act(id, "prepare", R"({"carrier": 1e400})");
    EXPECT_EQ(refused.status, 422) << refused.body;
    EXPECT_EQ(state_of(id), "draft");
}

TEST_P(WorkflowApiTest, ARecordOffersTheActionsItsStateAllows) {
    const auto id = gadget("Widget");
    EXPECT_EQ(offered(*admin_, id), (std::vector<std::string>{"prepare", "scrap"}));
    ASSERT_EQ(act(id, "prepare").status, 200);
    EXPECT_EQ(offered(*admin_, id), (std::vector<std::string>{"ship", "scrap"}));  // never archive
}

TEST_P(WorkflowApiTest, ARecordOffersOnlyTransitionsTheCallerMayWrite) {
    // A viewer here reads every gadget and changes only their own.
    const auto vera = user("vera", "viewer");
    const auto made =
        vera->request("POST", "/api/v1/records/gadget", R"({"name": "Hers"})", json_body);
    ASSERT_EQ(made.status, 201) << made.body;
    const auto hers = json(made).at("id").as_int64();
    const auto others = gadget("Widget");
    EXPECT_EQ(offered(*vera, hers), (std::vector<std::string>{"prepare", "scrap"}));
    EXPECT_EQ(offered(*vera, others), (std::vector<std::string>{"scrap"}));
    const auto path = "/api/v1/records/gadget/" + std::to_string(others) + "/actions/prepare";
    EXPECT_EQ(vera->request("POST", path, "", json_body).status, 403);

    // A support agent may change their own gadgets but never their state.
    const auto sue = user("sue", "support_agent");
    const auto own =
        sue->request("POST", "/api/v1/records/gadget", R"({"name": "Sues"})", json_body);
    ASSERT_EQ(own.status, 201) << own.body;
    const auto sues = json(own).at("id").as_int64();
    EXPECT_EQ(offered(*sue, sues), (std::vector<std::string>{"scrap"}));
    const auto prepare = "/api/v1/records/gadget/" + std::to_string(sues) + "/actions/prepare";
    EXPECT_EQ(sue->request("POST", prepare, "", json_body).status, 403);
    EXPECT_EQ(state_of(sues), "draft");

    // Shipping requires a carrier, which this sales manager may not name: offered once it is set.
    const auto sam = user("sam", "sales_manager");
    ASSERT_EQ(act(others, "prepare").status, 200);
    EXPECT_EQ(offered(*sam, others), (std::vector<std::string>{"scrap"}));
    const auto carrier =
        admin_->request("PATCH", "/api/v1/records/gadget/" + std::to_string(others),
                        R"({"carrier": "DHL"})", json_body);
    ASSERT_EQ(carrier.status, 200) << carrier.body;
    EXPECT_EQ(offered(*sam, others), (std::vector<std::string>{"ship", "scrap"}));
}

TEST_P(WorkflowApiTest, AValidatorVetoesAndSubscribersHearOfCommittedChanges) {
    const auto vetoed = post("/api/v1/records/gadget", R"({"name": "forbidden"})");
    EXPECT_EQ(vetoed.status, 422);
    EXPECT_EQ(json(vetoed).at("error").at("details").at(0).at("message"), "is forbidden");
    EXPECT_EQ(gadget_count(), 1);

    const auto id = gadget("Widget");
    ASSERT_EQ(act(id, "prepare").status, 200);
    const auto events = json(admin_->get("/gadgets/events"));
    EXPECT_GE(events.at("count").as_int64(), 2);
    EXPECT_EQ(events.at("last"), "gadget.transitioned:prepare");

    // A subscriber that throws after commit cannot break the request.
    EXPECT_EQ(post("/api/v1/records/gadget", R"({"name": "boom"})").status, 201);
    EXPECT_EQ(gadget_count(), 3);
}

TEST_P(WorkflowApiTest, ACsvImportRunsValidatorsAndSubscribersForEveryRow) {
    const auto events_before = json(admin_->get("/gadgets/events")).at("count").as_int64();
    const auto count_before = gadget_count();

    const auto imported =
        admin_->request("POST", "/api/v1/records/gadget/import", "name\nSprocket\nforbidden\nCog\n",
                        {{"Content-Type", "text/csv"}});

    ASSERT_EQ(imported.status, 200) << imported.body;
    EXPECT_EQ(json(imported).at("created"), 2);
    const auto error = json(imported).at("errors").at(0);
    EXPECT_EQ(error.at("row"), 3);
    EXPECT_EQ(error.at("field"), "name");
    EXPECT_EQ(error.at("message"), "is forbidden");
    EXPECT_EQ(gadget_count(), count_before + 2);
    const auto events = json(admin_->get("/gadgets/events"));
    EXPECT_EQ(events.at("count").as_int64(), events_before + 2);
    EXPECT_EQ(events.at("last"), "gadget.created");
}

INSTANTIATE_TEST_SUITE_P(Backends, WorkflowApiTest,
                         ::testing::Values(db::Backend::sqlite, db::Backend::postgresql),
                         testing::backend_test_name);

}  // namespace
}  // namespace rapport
