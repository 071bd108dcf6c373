// The HTTP core over real loopback sockets: an in-process Application on SQLite.
#include "app/application.hpp"
#include "http_client.hpp"
#include "temp_dir.hpp"

#include <boost/json.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <regex>

namespace rapport {
namespace {

using ::testing::HasSubstr;
using testing::HttpClient;

class HttpServerTest : public ::testing::Test {
  protected:
    HttpServerTest() {
        std::filesystem::create_directories(dir_.path() / "web" / "assets");
        std::ofstream(dir_.path() / "web" / "index.html")
            << "<!doctype html><title>Rapport</title>";
        std::ofstream(dir_.path() / "web" / "assets" / "index-abc123.js") << "export {}";
        config::Config config;
        config.data_dir = dir_.path() / "data";
        std::filesystem::create_directories(config.data_dir);
        config.server.port = 0;
        config.server.io_threads = 2;
        config.server.max_body_bytes = 1024;
        config.server.header_timeout = std::chrono::seconds(1);
        config.server.web_root = dir_.path() / "web";
        application_ = std::make_unique<app::Application>(config);
        application_->start();
    }

    std::uint16_t port() const { return application_->port(); }

    static boost::json::object error_of(const testing::HttpResult& result) {
        return boost::json::parse(result.body).as_object().at("error").as_object();
    }

    testing::TempDir dir_;
    std::unique_ptr<app::Application> application_;
};

TEST_F(HttpServerTest, HealthAnswersStatusAndVersion) {
    HttpClient client(port());
    const auto result = client.get("/api/v1/health");
    EXPECT_EQ(result.status, 200);
    EXPECT_EQ(result.header("content-type"), "application/json");
    EXPECT_EQ(boost::json::parse(result.body),
              boost::json::parse(R"({"status":"ok","version":"0.1.0"})"));
    EXPECT_TRUE(std::regex_match(result.header("x-request-id"), std::regex("[0-9a-f]{16}")));
}

TEST_F(HttpServerTest, KeepsAPlainIncomingRequestIdAndReplacesAnUnsafeOne) {
    HttpClient client(port());
    EXPECT_EQ(client.get("/api/v1/health", {{"X-Request-Id", "lb-42.a_b"}}).header("x-request-id"),
              "lb-42.a_b");
    EXPECT_NE(client.get("/api/v1/health", {{"X-Request-Id", "<script>"}}).header("x-request-id"),
              "<script>");
}

TEST_F(HttpServerTest, UnknownApiPathsAnswer404InTheErrorShape) {
    HttpClient client(port());
    const auto result = client.get("/api/v1/nothing-here");
    EXPECT_EQ(result.status, 404);
    const auto error = error_of(result);
    EXPECT_EQ(error.at("code"), "not_found");
    EXPECT_EQ(error.at("request_id").as_string(), result.header("x-request-id"));
    EXPECT_TRUE(error.at("details").as_array().empty());
}

TEST_F(HttpServerTest, AWrongMethodAnswers405WithAllow) {
    HttpClient client(port());
    const auto result = client.request("DELETE", "/api/v1/health");
    EXPECT_EQ(result.status, 405);
    EXPECT_EQ(result.header("allow"), "GET");
    EXPECT_EQ(error_of(result).at("code"), "method_not_allowed");
}

TEST_F(HttpServerTest, AnOversizedBodyAnswers413AndClosesTheConnection) {
    HttpClient client(port());
    const auto result = client.request("POST", "/api/v1/health", std::string(4096, 'x'),
                                       {{"Content-Type", "application/json"}});
    EXPECT_EQ(result.status, 413);
    EXPECT_EQ(error_of(result).at("code"), "payload_too_large");
    EXPECT_EQ(result.header("connection"), "close");
}

TEST_F(HttpServerTest, MalformedHttpAnswers400) {
    HttpClient client(port());
    const auto result =
        client.raw("GET /api/v1/health HTTP/1.1\r\nHost: x\r\nContent-Length: banana\r\n\r\n");
    EXPECT_EQ(result.status, 400);
    EXPECT_THAT(std::string(error_of(result).at("message").as_string()),
                HasSubstr("malformed HTTP request"));
}

TEST_F(HttpServerTest, ANulCharacterInThePathAnswers400) {
    HttpClient client(port());
    const auto result = client.get("/api/v1/heal%00th");
    EXPECT_EQ(result.status, 400);
    EXPECT_THAT(std::string(error_of(result).at("message").as_string()), HasSubstr("NUL"));
}

TEST_F(HttpServerTest, BytesThatAreNotUtf8InThePathOrQueryAnswer400) {
    for (const char* target : {"/api/v1/health?city=eq.%FF", "/api/v1/health?%C3%28=1",
                               "/api/v1/heal%FFth", "/api/v1/health?q=%ED%A0%80"}) {
        HttpClient client(port());
        const auto result = client.get(target);
        EXPECT_EQ(result.status, 400) << target;
        EXPECT_THAT(std::string(error_of(result).at("message").as_string()), HasSubstr("not UTF-8"))
            << target;
    }
    HttpClient client(port());
    EXPECT_EQ(client.get("/api/v1/health?city=eq.%C3%BC").status, 200);
}

TEST_F(HttpServerTest, AnUnknownMethodAnswers405) {
    HttpClient client(port());
    EXPECT_EQ(client.raw("BREW /pot HTTP/1.1\r\nHost: x\r\n\r\n").status, 405);
}

TEST_F(HttpServerTest, KeepsConnectionsAliveBetweenRequests) {
    HttpClient client(port());
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(client.get("/api/v1/health").status, 200);
    }
    EXPECT_TRUE(client.connection_open());
}

TEST_F(HttpServerTest, HeadAnswersHeadersWithoutABody) {
    HttpClient client(port());
    const auto result = client.request("HEAD", "/api/v1/health");
    EXPECT_EQ(result.status, 200);
    EXPECT_EQ(result.header("content-length"), "33");
    EXPECT_TRUE(result.body.empty());
}

TEST_F(HttpServerTest, ASlowClientIsDisconnectedAfterTheHeaderTimeout) {
    HttpClient client(port());
    const auto started = std::chrono::steady_clock::now();
    const auto result =
        client.raw("GET /api/v1/health HTTP/1.1\r\nHost: x\r\n", std::chrono::seconds(10));
    const auto elapsed = std::chrono::steady_clock::now() - started;
    EXPECT_EQ(result.status, 0);
    EXPECT_LT(elapsed, std::chrono::seconds(5));
}

TEST_F(HttpServerTest, ServesTheWebUiWithSpaFallbackAndCacheHeaders) {
    HttpClient client(port());
    const auto deep_link = client.get("/sales/opportunities/42");
    EXPECT_EQ(deep_link.status, 200);
    EXPECT_THAT(deep_link.header("content-type"), HasSubstr("text/html"));
    EXPECT_EQ(deep_link.header("cache-control"), "no-cache");
    const auto asset = client.get("/assets/index-abc123.js");
    EXPECT_EQ(asset.body, "export {}");
    EXPECT_EQ(asset.header("cache-control"), "public, max-age=31536000, immutable");
    const auto revalidated = client.get("/", {{"If-None-Match", deep_link.header("etag")}});
    EXPECT_EQ(revalidated.status, 304);
}

TEST_F(HttpServerTest, DecodesPathsBeforeMatchingFiles) {
    HttpClient client(port());
    EXPECT_EQ(client.get("/assets/index%2Dabc123.js").body, "export {}");
    EXPECT_EQ(client.get("/%2e%2e/%2e%2e/etc/passwd").status, 404);
}

}  // namespace
}  // namespace rapport
