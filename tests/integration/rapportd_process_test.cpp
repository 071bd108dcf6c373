// rapportd as an administrator runs it: flags, environment, config file, exit codes, signals.
#include "child_process.hpp"
#include "http_client.hpp"
#include "postgres/postgres_test_cluster.hpp"
#include "temp_dir.hpp"
#include "webhook_receiver.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <csignal>
#include <fstream>
#include <thread>

namespace rapport {
namespace {

using namespace std::chrono_literals;
using testing::ChildProcess;
using ::testing::HasSubstr;
using ::testing::Optional;

class RapportdTest : public ::testing::Test {
  protected:
    std::string write_config(const std::string& yaml) {
        const auto path = dir_.path() / "rapport.yaml";
        std::ofstream(path) << yaml;
        return path.string();
    }

    std::unique_ptr<ChildProcess> start(std::vector<std::string> arguments,
                                        std::vector<std::string> environment = {}) {
        arguments.insert(arguments.end(), {"--data-dir", (dir_.path() / "data").string()});
        return std::make_unique<ChildProcess>(RAPPORTD_PATH, arguments, environment);
    }

    // Polls /api/v1/health until it answers or the process exits.
    static bool healthy(ChildProcess& process, std::uint16_t port) {
        for (int attempt = 0; attempt < 200; ++attempt) {
            try {
                if (testing::HttpClient(port).get("/api/v1/health").status == 200) {
                    return true;
                }
            } catch (const std::exception&) {
            }
            if (process.wait(50ms)) {
                return false;
            }
        }
        return false;
    }

    void deliver_across_a_kill(const std::vector<std::string>& database);

    testing::TempDir dir_;
};

TEST_F(RapportdTest, HelpDocumentsFlagsEnvironmentSettingsAndExitCodes) {
    ChildProcess process(RAPPORTD_PATH, {"--help"});
    EXPECT_THAT(process.wait(10s), Optional(0));
    const std::string help = process.output();
    for (const char* expected :
         {"--config", "--port", "--data-dir", "--db", "RAPPORT_ADMIN_PASSWORD", "server.port",
          "database.url", "Exit codes", "Precedence"}) {
        EXPECT_THAT(help, HasSubstr(expected));
    }
}

TEST_F(RapportdTest, AnInvalidConfigReportsEveryProblemAndExits2) {
    const auto config = write_config("server:\n  port: high\n  turbo: true\nlog:\n  format: xml\n");
    auto process = start({"--config", config});
    EXPECT_THAT(process->wait(10s), Optional(2));
    const std::string output = process->output();
    EXPECT_THAT(output, HasSubstr("rapport.yaml:2: server.port"));
    EXPECT_THAT(output, HasSubstr("rapport.yaml:3: unknown setting 'server.turbo'"));
    EXPECT_THAT(output, HasSubstr("rapport.yaml:5: log.format"));
}

TEST_F(RapportdTest, AnInvalidFlagExits2) {
    auto process = start({"--port", "99999"});
    EXPECT_THAT(process->wait(10s), Optional(2));
}

TEST_F(RapportdTest, AnUnreachableDatabaseExits3WithOneReadableLine) {
    auto process = start({"--port", std::to_string(testing::free_port()), "--db",
                          "postgresql://rapport:hunter2@/crm?host=/nonexistent&connect_timeout=2"});
    EXPECT_THAT(process->wait(20s), Optional(3));
    EXPECT_THAT(process->output(), HasSubstr("cannot open database postgresql://rapport:***@"));
    EXPECT_THAT(process->output(), ::testing::Not(HasSubstr("hunter2")));
}

TEST_F(RapportdTest, APortInUseExits4) {
    const auto port = testing::free_port();
    auto first = start({"--port", std::to_string(port)});
    ASSERT_TRUE(healthy(*first, port)) << first->output();
    ChildProcess second(RAPPORTD_PATH, {"--port", std::to_string(port), "--data-dir",
                                        (dir_.path() / "other").string()});
    EXPECT_THAT(second.wait(20s), Optional(4));
    EXPECT_THAT(second.output(), HasSubstr("cannot listen on 127.0.0.1:" + std::to_string(port)));
}

TEST_F(RapportdTest, ServesAndStopsGracefullyOnSigterm) {
    const auto port = testing::free_port();
    auto process = start({"--port", std::to_string(port)});
    ASSERT_TRUE(healthy(*process, port)) << process->output();
    EXPECT_TRUE(std::filesystem::exists(dir_.path() / "data" / "rapport.db"));
    process->send_signal(SIGTERM);
    EXPECT_THAT(process->wait(15s), Optional(0)) << process->output();
    EXPECT_THAT(process->output(), HasSubstr("stopped"));
}

TEST_F(RapportdTest, FlagsWinOverEnvironmentWhichWinsOverTheFile) {
    const auto file_port = testing::free_port();
    const auto env_port = testing::free_port();
    const auto flag_port = testing::free_port();
    const auto config = write_config("server:\n  port: " + std::to_string(file_port) + "\n");
    {
        auto process = start({"--config", config}, {"RAPPORT_PORT=" + std::to_string(env_port)});
        EXPECT_TRUE(healthy(*process, env_port)) << process->output();
    }
    auto process = start({"--config", config, "--port", std::to_string(flag_port)},
                         {"RAPPORT_PORT=" + std::to_string(env_port)});
    EXPECT_TRUE(healthy(*process, flag_port)) << process->output();
}

TEST_F(RapportdTest, WritesJsonLogLinesWhenAsked) {
    const auto port = testing::free_port();
    auto process = start({"--port", std::to_string(port), "--log-format", "json"});
    ASSERT_TRUE(healthy(*process, port)) << process->output();
    process->send_signal(SIGTERM);
    process->wait(15s);
    EXPECT_THAT(process->output(), HasSubstr(R"("logger":"access","request_id":")"));
    EXPECT_THAT(process->output(),
                HasSubstr(R"("path":"/api/v1/health","remote":"127.0.0.1","status":200)"));
    EXPECT_THAT(process->output(), HasSubstr(R"("logger":"rapport","msg":"Rapport 0.1.0 serving)"));
}

// A delivery in flight when rapportd is killed: the receiver got it but never answered. The
// restarted server sends it again, with the same delivery_id, once the dead one's lease
// (renewed while it lived) has run out, and only once.
void RapportdTest::deliver_across_a_kill(const std::vector<std::string>& database) {
    testing::WebhookReceiver receiver;
    receiver.delay_answers(1h);
    const auto port = testing::free_port();
    const auto config =
        write_config("jobs:\n  lease_seconds: 2\nwebhooks:\n  timeout_seconds: 300\n");
    std::vector<std::string> arguments{"--config", config, "--port", std::to_string(port)};
    arguments.insert(arguments.end(), database.begin(), database.end());
    const std::vector<std::string> environment{std::string("RAPPORT_ADMIN_PASSWORD=") +
                                               testing::test_admin_password};
    auto first = start(arguments, environment);
    ASSERT_TRUE(healthy(*first, port)) << first->output();
    {
        testing::HttpClient client(port);
        testing::sign_in(client);
        const std::vector<std::pair<std::string, std::string>> json{
            {"Content-Type", "application/json"}};
        ASSERT_EQ(
            client
                .request("POST", "/api/v1/records/webhook",
                         R"({"url": ")" + receiver.url() + R"(", "events": ["account.created"]})",
                         json)
                .status,
            201);
        ASSERT_EQ(
            client.request("POST", "/api/v1/records/account", R"({"name": "Acme"})", json).status,
            201);
    }
    ASSERT_TRUE(receiver.wait_for(1, 10s));
    // Past a renewal or two: a lease that lasted only from the claim would have run out too.
    std::this_thread::sleep_for(2500ms);
    first->send_signal(SIGKILL);
    first->wait(10s);
    receiver.delay_answers(0ms);

    const auto restarted_at = std::chrono::steady_clock::now();
    auto second = start(arguments, environment);
    ASSERT_TRUE(healthy(*second, port)) << second->output();
    ASSERT_TRUE(receiver.wait_for(2, 15s)) << second->output();
    EXPECT_LT(std::chrono::steady_clock::now() - restarted_at, 10s);
    std::this_thread::sleep_for(3s);
    const auto requests = receiver.requests();
    ASSERT_EQ(requests.size(), 2U);
    EXPECT_EQ(requests[0].delivery_id(), requests[1].delivery_id());
}

TEST_F(RapportdTest, ADeliveryInFlightWhenKilledIsSentAgainAfterTheRestart) {
    deliver_across_a_kill({});
}

TEST_F(RapportdTest, ADeliveryInFlightWhenKilledIsSentAgainAfterTheRestartOnPostgresql) {
    testing::PostgresTestDatabase database;
    deliver_across_a_kill({"--db", database.url()});
}

TEST_F(RapportdTest, RunsOnPostgresql) {
    testing::PostgresTestDatabase database;
    const auto port = testing::free_port();
    auto process = start({"--port", std::to_string(port), "--db", database.url()});
    ASSERT_TRUE(healthy(*process, port)) << process->output();
    // The listener answers before the start-up line is logged: read the output once it exited.
    process->send_signal(SIGTERM);
    EXPECT_THAT(process->wait(15s), Optional(0)) << process->output();
    EXPECT_THAT(process->output(), HasSubstr("database postgresql://"));
}

TEST_F(RapportdTest, TheShippedConfigurationsAreValid) {
    for (const char* name : {"rapport.yaml", "postgres.yaml"}) {
        ChildProcess process(RAPPORTD_PATH,
                             {"--config", std::string(RAPPORT_SOURCE_DIR) + "/config/" + name,
                              "--port", "1", "--db", "sqlite:/nonexistent/x.db"});
        // Past configuration validation, the missing database directory stops it (exit 3).
        EXPECT_THAT(process.wait(10s), Optional(3)) << name << ": " << process.output();
    }
}

}  // namespace
}  // namespace rapport
