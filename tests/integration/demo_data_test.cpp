// `rapport demo load` against a running server: a lived-in company put in through the API and
// its workflows, only into an empty database, and never without being asked.
#include "child_process.hpp"
#include "test_application.hpp"

#include <boost/json.hpp>
#include <gmock/gmock.h>

#include <set>

namespace rapport {
namespace {

using testing::ChildProcess;
using ::testing::HasSubstr;

// The password of every demo user (kernel/rapport/demo_company.yaml).
constexpr const char* demo_password = "rapport-demo";

// A server as `make run` starts it (sales and phone_calls installed on a new database unless
// `install` says otherwise), and the rapport command line pointed at it as admin.
class DemoServer {
  public:
    DemoServer(db::Backend backend, std::vector<std::string> install)
        : application_(backend,
                       [&install](config::Config& config) {
                           config.plugins.bundled_dir = RAPPORT_BUNDLED_PLUGINS;
                           config.plugins.install = install;
                           // The admin's connection idles while a load runs, which takes longer
                           // than the default 15 s on a busy machine with sanitizers.
                           config.server.header_timeout = std::chrono::seconds(300);
                       })
        , admin_(application_.client()) {
        token_ = testing::sign_in(*admin_);
    }

    // Runs `rapport demo load`; returns its exit code and fills `output`.
    int load(const std::vector<std::string>& options, std::string& output) {
        std::vector<std::string> arguments{"demo",    "load",
                                           "--url",   "http://127.0.0.1:" + std::to_string(port()),
                                           "--token", token_};
        arguments.insert(arguments.end(), options.begin(), options.end());
        ChildProcess process(RAPPORT_PATH, arguments);
        const auto code = process.wait(std::chrono::seconds(100));
        output = process.output();
        return code.value_or(-1);
    }

    // Runs `rapport demo load --login admin` with the password on standard input, as
    // `make run DEMO=1` does.
    int load_as_admin(const std::string& password, std::string& output) {
        ChildProcess process(
            "/bin/sh", {"-c", "printf '%s\\n' '" + password + "' | " + std::string(RAPPORT_PATH) +
                                  " demo load --login admin --url "
                                  "http://127.0.0.1:" +
                                  std::to_string(port())});
        const auto code = process.wait(std::chrono::seconds(100));
        output = process.output();
        return code.value_or(-1);
    }

    boost::json::value get(const std::string& target) const {
        const auto result = admin_->get(target);
        EXPECT_EQ(result.status, 200) << target << ": " << result.body;
        return boost::json::parse(result.body);
    }

    std::int64_t count(const std::string& entity, const std::string& filters = {}) const {
        return get("/api/v1/records/" + entity + "?select=id&limit=1" + filters)
            .at("total")
            .as_int64();
    }

    std::string plugin_state(const std::string& id) const {
        const auto plugins = get("/api/v1/admin/plugins");
        for (const auto& plugin : plugins.as_array()) {
            if (plugin.at("id") == id.c_str()) {
                return std::string(plugin.at("state").as_string());
            }
        }
        return "missing";
    }

    // Stops the server and starts it again on the same database, signed in anew.
    void restart() {
        application_.restart();
        admin_ = application_.client();
        token_ = testing::sign_in(*admin_);
    }

    std::uint16_t port() const { return application_.port(); }
    testing::TestApplication& application() { return application_; }
    testing::HttpClient& admin() { return *admin_; }

  private:
    testing::TestApplication application_;
    std::unique_ptr<testing::HttpClient> admin_;
    std::string token_;
};

// Whether the record's history lists the action.
bool history_has(DemoServer& server, const std::string& entity, std::int64_t id,
                 const std::string& action) {
    const auto history =
        server.get("/api/v1/records/" + entity + "/" + std::to_string(id) + "/history");
    for (const auto& entry : history.at("items").as_array()) {
        if (entry.at("action") == action.c_str()) {
            return true;
        }
    }
    return false;
}

std::int64_t first_id(DemoServer& server, const std::string& entity, const std::string& filters) {
    const auto list =
        server.get("/api/v1/records/" + entity + "?select=id&limit=1&count=none" + filters);
    return list.at("items").as_array().at(0).at("id").as_int64();
}

class DemoDataTest : public ::testing::TestWithParam<db::Backend> {
  protected:
    // Sales is left for the command to install.
    DemoServer server_{GetParam(), {"phone_calls"}};
};

TEST_P(DemoDataTest, Load_FillsAnEmptyDatabaseWithALivedInCompany) {
    std::string output;

    ASSERT_EQ(server_.load({}, output), 0) << output;

    EXPECT_THAT(output, HasSubstr("installed the sales plugin"));
    EXPECT_THAT(output, HasSubstr("Sign in as dewi (sales manager)"));
    EXPECT_EQ(server_.plugin_state("sales"), "installed");
    EXPECT_EQ(server_.count("team"), 3);
    EXPECT_EQ(server_.count("user"), 8) << "admin and the seven demo users";
    EXPECT_EQ(server_.count("product"), 21);
    EXPECT_EQ(server_.count("account"), 40);
    EXPECT_EQ(server_.count("contact"), 68);
    EXPECT_EQ(server_.count("lead"), 60);
    EXPECT_EQ(server_.count("opportunity"), 80);
    EXPECT_EQ(server_.count("sales_team_target"), 36);
    EXPECT_GT(server_.count("meeting"), 0);
    for (const auto* status : {"new", "contacted", "qualified", "lost"}) {
        EXPECT_GT(server_.count("lead", std::string("&status=eq.") + status), 0) << status;
    }
    for (const auto* stage : {"new", "qualified", "proposition", "negotiation"}) {
        EXPECT_GT(server_.count("opportunity", std::string("&stage=eq.") + stage), 0) << stage;
    }
    // Deals close over the last twelve months and the coming ones.
    const auto months = server_.get(
        "/api/v1/records/opportunity/aggregate?group_by=expected_close_date:month&count=true");
    EXPECT_GE(months.at("groups").as_array().size(), 12u);
    // Its people sign in with the demo password: the manager sees every deal, a salesperson
    // the ones she entered.
    auto manager = server_.application().client();
    testing::sign_in(*manager, "dewi", demo_password);
    auto salesperson = server_.application().client();
    testing::sign_in(*salesperson, "rina", demo_password);
    const auto total = [](testing::HttpClient& client, const std::string& entity) {
        return boost::json::parse(client.get("/api/v1/records/" + entity + "?limit=1").body)
            .at("total")
            .as_int64();
    };
    EXPECT_EQ(total(*manager, "opportunity"), 80);
    const auto own = total(*salesperson, "opportunity");
    EXPECT_GT(own, 0);
    EXPECT_LT(own, 80);
    EXPECT_GT(total(*salesperson, "lead"), 0);
}

TEST_P(DemoDataTest, Load_TakesTheDealsThroughTheSalesActions) {
    std::string output;

    ASSERT_EQ(server_.load({}, output), 0) << output;

    EXPECT_EQ(server_.count("lead", "&status=eq.converted"), 24);
    EXPECT_TRUE(
        history_has(server_, "lead", first_id(server_, "lead", "&status=eq.converted"), "convert"));
    EXPECT_EQ(server_.count("opportunity", "&stage=eq.won"), 30);
    EXPECT_EQ(server_.count("opportunity", "&stage=eq.lost"), 16);
    EXPECT_TRUE(history_has(server_, "opportunity",
                            first_id(server_, "opportunity", "&stage=eq.lost"), "mark_lost"));
    EXPECT_GT(server_.count("sales_order", "&state=eq.quotation"), 0);
    EXPECT_GT(server_.count("sales_order", "&state=eq.invoiced"), 20);
    const auto paid = server_.count("invoice", "&state=eq.paid");
    EXPECT_GT(paid, 10);
    EXPECT_LT(paid, server_.count("invoice")) << "some are still to be paid";
    EXPECT_GT(server_.count("invoice", "&state=eq.posted&amount_paid=gt.0"), 0) << "partly paid";
    EXPECT_TRUE(history_has(server_, "invoice", first_id(server_, "invoice", "&state=eq.paid"),
                            "mark_paid"));
    const auto revenue = server_.get(
        "/api/v1/records/sales_order/aggregate?group_by=order_date:month&count=true&"
        "state=in.(confirmed,invoiced)");
    EXPECT_GE(revenue.at("groups").as_array().size(), 6u) << "sales over the year";
    const auto forecast = server_.get("/api/v1/records/opportunity/forecast");
    EXPECT_NE(forecast.at("weighted_revenue"), "0.00");
}

RAPPORT_INSTANTIATE_FOR_EVERY_BACKEND(DemoDataTest);

class NewDatabaseTest : public ::testing::TestWithParam<db::Backend> {
  protected:
    DemoServer server_{GetParam(), {"sales", "phone_calls"}};
};

TEST_P(NewDatabaseTest, WithoutTheCommand_StaysEmpty) {
    server_.restart();

    EXPECT_EQ(server_.count("user"), 1) << "only admin";
    for (const auto* entity : {"team", "account", "contact", "product", "lead", "opportunity",
                               "sales_order", "invoice", "phone_call"}) {
        EXPECT_EQ(server_.count(entity), 0) << entity;
    }
}

RAPPORT_INSTANTIATE_FOR_EVERY_BACKEND(NewDatabaseTest);

class DemoDataRefusalTest : public ::testing::Test {
  protected:
    DemoServer server_{db::Backend::sqlite, {"sales"}};
};

TEST_F(DemoDataRefusalTest, SecondLoad_IsRefusedAndChangesNothing) {
    std::string output;
    ASSERT_EQ(server_.load_as_admin(testing::test_admin_password, output), 0) << output;

    EXPECT_EQ(server_.load_as_admin(testing::test_admin_password, output), 1);

    EXPECT_THAT(output, HasSubstr("already holds the demo data"));
    EXPECT_EQ(server_.count("account"), 40);
    EXPECT_EQ(server_.count("opportunity"), 80);
}

TEST_F(DemoDataRefusalTest, Load_RefusesADatabaseWithCustomerRecords) {
    const auto created =
        server_.admin().request("POST", "/api/v1/records/account", R"({"name": "Real customer"})",
                                {{"Content-Type", "application/json"}});
    ASSERT_EQ(created.status, 201) << created.body;
    std::string output;

    EXPECT_EQ(server_.load({}, output), 1);

    EXPECT_THAT(output, HasSubstr("already holds customer records (1 account)"));
    EXPECT_THAT(output, HasSubstr("--force"));
    EXPECT_EQ(server_.count("user"), 1);
    EXPECT_EQ(server_.count("account"), 1);
    EXPECT_EQ(server_.count("lead"), 0);
}

}  // namespace
}  // namespace rapport
