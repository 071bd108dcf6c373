// The fixture of the tests that drive the gadgets test plugin (tests/plugins/gadgets_v1) over
// HTTP: a server on one backend with the plugin uploaded and installed, and an admin signed in.
#pragma once

#include "http_client.hpp"
#include "plugins/package_reader.hpp"
#include "test_application.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>

namespace rapport::testing {

class GadgetsTest : public ::testing::TestWithParam<db::Backend> {
  protected:
    GadgetsTest()
        : application_(
              GetParam(),
              // The test plugins are signed with the key of the bundled ones.
              [](config::Config& config) { config.plugins.bundled_dir = RAPPORT_BUNDLED_PLUGINS; })
        , admin_(application_.client(true)) {
        const auto package = plugins::read_file_bytes(std::filesystem::path(RAPPORT_TEST_PLUGINS) /
                                                      "gadgets-1.0.0.rpk");
        const auto uploaded = admin_->request("POST", "/api/v1/admin/plugins", package);
        EXPECT_EQ(uploaded.status, 201) << uploaded.body;
        EXPECT_EQ(admin_->request("POST", "/api/v1/admin/plugins/gadgets/install").status, 200);
    }

    TestApplication application_;
    std::unique_ptr<HttpClient> admin_;
};

}  // namespace rapport::testing
