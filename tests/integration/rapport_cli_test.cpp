// The `rapport` command line on files: keys, packing and signing plugin packages, checked by
// the server's own package reader.
#include "child_process.hpp"
#include "plugins/package_error.hpp"
#include "plugins/package_reader.hpp"
#include "temp_dir.hpp"
#include "test_application.hpp"

#include <gmock/gmock.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace rapport {
namespace {

namespace fs = std::filesystem;
using testing::ChildProcess;

class RapportCliTest : public ::testing::Test {
  protected:
    RapportCliTest() {
        fs::create_directories(source() / "lib");
        std::ofstream(source() / "plugin.yaml") << "id: hello\nname: Hello\nversion: 1.0.0\n"
                                                   "sdk_abi: 1\n";
        std::ofstream(source() / "lib" / "libhello.so") << "not really a library";
    }

    // Runs rapport; returns its exit code and fills `output`.
    int run(const std::vector<std::string>& arguments, std::string& output) {
        ChildProcess process(RAPPORT_PATH, arguments);
        const auto code = process.wait(std::chrono::seconds(20));
        output = process.output();
        return code.value_or(-1);
    }

    // Runs a shell command line (for input on standard input); returns its exit code.
    int run_shell(const std::string& command, std::string& output) {
        ChildProcess process("/bin/sh", {"-c", command});
        const auto code = process.wait(std::chrono::seconds(20));
        output = process.output();
        return code.value_or(-1);
    }

    fs::path source() const { return dir_.path() / "src"; }
    fs::path path(const std::string& name) const { return dir_.path() / name; }

    // The public key `rapport keygen` printed.
    static std::string public_key_in(const std::string& output) {
        std::istringstream lines(output);
        std::string line;
        std::string last;
        while (std::getline(lines, line)) {
            if (!line.empty()) {
                last = line;
            }
        }
        return last.substr(last.find_first_not_of(' '));
    }

    plugins::ExtractedPackage extract(const std::string& package) {
        return plugins::extract_package(plugins::read_file_bytes(path(package)),
                                        path("extracted-" + std::to_string(extractions_++)));
    }

    testing::TempDir dir_;
    int extractions_ = 0;
};

TEST_F(RapportCliTest, KeygenPackAndSign_MakeAPackageTheServerTrusts) {
    std::string output;
    ASSERT_EQ(run({"keygen", path("key.secret").string()}, output), 0) << output;
    const std::string public_key = public_key_in(output);
    EXPECT_EQ(fs::status(path("key.secret")).permissions() & fs::perms::group_all, fs::perms::none);

    ASSERT_EQ(run({"plugin", "pack", source().string(), "-o", path("hello.rpk").string(), "--key",
                   path("key.secret").string()},
                  output),
              0)
        << output;

    const auto package = extract("hello.rpk");
    EXPECT_THAT(package.manifest_text, ::testing::HasSubstr("id: hello"));
    EXPECT_NO_THROW(plugins::verify_package(package, {public_key}, false));
}

TEST_F(RapportCliTest, Sign_AddsASignatureToAnUnsignedPackage) {
    std::string output;
    ASSERT_EQ(run({"keygen", path("key.secret").string()}, output), 0) << output;
    const std::string public_key = public_key_in(output);
    ASSERT_EQ(run({"plugin", "pack", source().string(), "-o", path("hello.rpk").string()}, output),
              0)
        << output;
    EXPECT_THROW(plugins::verify_package(extract("hello.rpk"), {public_key}, false),
                 plugins::PackageError);

    ASSERT_EQ(
        run({"plugin", "sign", path("hello.rpk").string(), "--key", path("key.secret").string()},
            output),
        0)
        << output;

    EXPECT_NO_THROW(plugins::verify_package(extract("hello.rpk"), {public_key}, false));
}

TEST_F(RapportCliTest, Keygen_RefusesToOverwriteAKey) {
    std::string output;
    ASSERT_EQ(run({"keygen", path("key.secret").string()}, output), 0);
    const std::string key = plugins::read_file_bytes(path("key.secret"));

    EXPECT_EQ(run({"keygen", path("key.secret").string()}, output), 1);
    EXPECT_THAT(output, ::testing::HasSubstr("not overwriting"));
    EXPECT_EQ(plugins::read_file_bytes(path("key.secret")), key);
}

TEST_F(RapportCliTest, Pack_RefusesADirectoryWithoutALibrary) {
    fs::remove_all(source() / "lib");
    std::string output;

    EXPECT_EQ(run({"plugin", "pack", source().string(), "-o", path("hello.rpk").string()}, output),
              1);
    EXPECT_THAT(output, ::testing::HasSubstr("lib/"));
    EXPECT_FALSE(fs::exists(path("hello.rpk")));
}

class RapportCliServerTest : public RapportCliTest {
  protected:
    RapportCliServerTest()
        : application_(db::Backend::sqlite, [](config::Config& config) {
            config.plugins.bundled_dir = RAPPORT_BUNDLED_PLUGINS;
        }) {
        token_ = testing::sign_in(*application_.client());
    }

    int plugin(std::vector<std::string> arguments, std::string& output) {
        arguments.insert(arguments.begin(), "plugin");
        arguments.insert(arguments.end(),
                         {"--url", "http://127.0.0.1:" + std::to_string(application_.port()),
                          "--token", token_});
        return run(arguments, output);
    }

    testing::TestApplication application_;
    std::string token_;
};

TEST_F(RapportCliServerTest, ListsAndManagesThePluginsOfARunningServer) {
    std::string output;
    ASSERT_EQ(plugin({"list"}, output), 0) << output;
    EXPECT_THAT(output, ::testing::HasSubstr("claims 1.0.0 available"));

    ASSERT_EQ(plugin({"install", "customer_profiling"}, output), 0) << output;
    EXPECT_THAT(output, ::testing::HasSubstr("customer_profiling 1.0.0 installed"));
    EXPECT_THAT(output, ::testing::HasSubstr("also installed questionnaires"));

    ASSERT_EQ(plugin({"disable", "customer_profiling"}, output), 0) << output;
    ASSERT_EQ(plugin({"uninstall", "customer_profiling", "--drop-data"}, output), 0) << output;
    EXPECT_THAT(output, ::testing::HasSubstr("customer_profiling 1.0.0 available"));
}

TEST_F(RapportCliServerTest, InstallTakesAPackageFile) {
    const std::string package = std::string(RAPPORT_BUNDLED_PLUGINS) + "/claims-1.0.0.rpk";
    std::string output;

    ASSERT_EQ(plugin({"install", package}, output), 0) << output;

    EXPECT_THAT(output, ::testing::HasSubstr("claims 1.0.0 installed"));
}

TEST_F(RapportCliServerTest, AddsUsersAndSetsPasswordsReadFromStandardInput) {
    const auto user_command = [this](const std::string& password, const std::string& arguments) {
        return "printf '%s\\n' '" + password + "' | " + std::string(RAPPORT_PATH) + " user " +
               arguments + " --url http://127.0.0.1:" + std::to_string(application_.port()) +
               " --token " + token_;
    };
    std::string output;
    ASSERT_EQ(run_shell(user_command("a long passphrase",
                                     "add rina --name 'Rina Wijaya' --role salesperson"),
                        output),
              0)
        << output;
    EXPECT_THAT(output, ::testing::HasSubstr("created user rina"));
    auto rina = application_.client();
    testing::sign_in(*rina, "rina", "a long passphrase");
    EXPECT_EQ(rina->get("/api/v1/records/account").status, 200);

    ASSERT_EQ(run_shell(user_command("another long passphrase", "passwd rina"), output), 0)
        << output;
    EXPECT_EQ(rina->get("/api/v1/records/account").status, 401) << "sessions ended";
    testing::sign_in(*rina, "rina", "another long passphrase");

    EXPECT_EQ(run_shell(user_command("short", "passwd rina"), output), 1);
    EXPECT_THAT(output, ::testing::HasSubstr("422"));
}

TEST_F(RapportCliServerTest, RefusalsAreReportedWithTheServersMessage) {
    std::string output;
    EXPECT_EQ(plugin({"uninstall", "claims"}, output), 1);
    EXPECT_THAT(output, ::testing::HasSubstr("409"));
    EXPECT_THAT(output, ::testing::HasSubstr("not installed"));

    token_ = "wrong";
    EXPECT_EQ(plugin({"list"}, output), 1);
    EXPECT_THAT(output, ::testing::HasSubstr("401"));
}

}  // namespace
}  // namespace rapport
