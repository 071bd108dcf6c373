#include "http/static_files.hpp"

#include <rapport/sdk/error.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace rapport::http {
namespace {

namespace fs = std::filesystem;

class StaticFilesTest : public ::testing::Test {
  protected:
    StaticFilesTest()
        : root_(fs::temp_directory_path() / ("rapport-static-" + std::to_string(::getpid()))) {
        fs::create_directories(root_ / "assets");
        write("index.html", "<!doctype html><title>Rapport</title>");
        write("assets/app-1a2b3c.js", "console.log('hi')");
        write(".env", "SECRET=1");
        handler_ = static_files(root_);
    }
    ~StaticFilesTest() override { fs::remove_all(root_); }

    void write(const std::string& name, const std::string& content) {
        std::ofstream(root_ / name) << content;
    }

    Response get(std::vector<std::string> segments, Method method = Method::get) {
        Request request;
        request.method = method;
        request.path_segments = std::move(segments);
        return handler_(request);
    }

    sdk::ErrorCode error_of(std::vector<std::string> segments, Method method = Method::get) {
        try {
            get(std::move(segments), method);
        } catch (const sdk::Error& error) {
            return error.code();
        }
        return sdk::ErrorCode::internal;
    }

    fs::path root_;
    Handler handler_;
};

TEST_F(StaticFilesTest, ServesHashedAssetsWithALongCacheLife) {
    const Response response = get({"assets", "app-1a2b3c.js"});
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.body, "console.log('hi')");
    EXPECT_EQ(response.headers.get("Content-Type"), "text/javascript; charset=utf-8");
    EXPECT_EQ(response.headers.get("Cache-Control"), "public, max-age=31536000, immutable");
}

TEST_F(StaticFilesTest, FallsBackToIndexForClientRoutes) {
    const Response response = get({"sales", "opportunities", "42"});
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.headers.get("Cache-Control"), "no-cache");
    EXPECT_NE(response.body.find("<title>Rapport</title>"), std::string::npos);
}

TEST_F(StaticFilesTest, AnswersNotModifiedForAMatchingETag) {
    const Response first = get({});
    Request again;
    again.headers.set("If-None-Match", std::string(*first.headers.get("ETag")));
    const Response second = handler_(again);
    EXPECT_EQ(second.status, 304);
    EXPECT_TRUE(second.body.empty());
}

TEST_F(StaticFilesTest, UnknownApiPathsAndMissingFilesAreNotFound) {
    EXPECT_EQ(error_of({"api", "v1", "nothing"}), sdk::ErrorCode::not_found);
    EXPECT_EQ(error_of({"assets", "missing.js"}), sdk::ErrorCode::not_found);
    EXPECT_EQ(error_of({"favicon.ico"}), sdk::ErrorCode::not_found);
    EXPECT_EQ(error_of({"anything"}, Method::post), sdk::ErrorCode::not_found);
}

TEST_F(StaticFilesTest, NeverServesDotfilesOrEscapesTheRoot) {
    EXPECT_EQ(error_of({".env"}), sdk::ErrorCode::not_found);
    EXPECT_EQ(error_of({"..", "..", "etc", "passwd"}), sdk::ErrorCode::not_found);
    EXPECT_EQ(error_of({"assets", "..%2f..%2fetc", "passwd"}), sdk::ErrorCode::not_found);
}

}  // namespace
}  // namespace rapport::http
