// The example plugin's own tests, as a partner writes them: the package installed into a real
// server in the test process (the SDK's test kit), then its route and its entity used over HTTP.
#include <rapport/testkit/test_server.hpp>

#include <gtest/gtest.h>

namespace {

class HelloPartnerTest : public ::testing::Test {
  protected:
    HelloPartnerTest() { server_.install(HELLO_PARTNER_PACKAGE); }

    rapport::testkit::TestServer server_;
};

TEST_F(HelloPartnerTest, GreetsWhoeverAsks) {
    const auto answer = server_.get("/hello/world");

    EXPECT_EQ(answer.status, 200);
    EXPECT_EQ(answer.body, R"({"greeting": "Hello, world!", "plugin": "hello_partner"})");
}

TEST_F(HelloPartnerTest, KeepsGreetingsAsRecords) {
    const auto created = server_.post("/api/v1/records/greeting", R"({"name": "Universitas"})");
    ASSERT_EQ(created.status, 201) << created.body;

    const auto refused = server_.post("/api/v1/records/greeting", R"({"name": null})");
    EXPECT_EQ(refused.status, 422) << "name is required by plugin.yaml";
}

}  // namespace
