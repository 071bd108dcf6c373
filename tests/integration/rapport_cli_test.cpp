// The `rapport` command line on files: keys, packing and signing plugin packages, checked by
// the server's own package reader.
#include "child_process.hpp"
#include "plugins/package_error.hpp"
#include "plugins/package_reader.hpp"
#include "temp_dir.hpp"

#include <gmock/gmock.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace rapport {
namespace {

namespace fs = std::filesystem;
using testing::ChildProcess;

std::string read_file(const fs::path& path) {
    std::ifstream file(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << file.rdbuf();
    return bytes.str();
}

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
        return plugins::extract_package(read_file(path(package)),
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
    const std::string key = read_file(path("key.secret"));

    EXPECT_EQ(run({"keygen", path("key.secret").string()}, output), 1);
    EXPECT_THAT(output, ::testing::HasSubstr("not overwriting"));
    EXPECT_EQ(read_file(path("key.secret")), key);
}

TEST_F(RapportCliTest, Pack_RefusesADirectoryWithoutALibrary) {
    fs::remove_all(source() / "lib");
    std::string output;

    EXPECT_EQ(run({"plugin", "pack", source().string(), "-o", path("hello.rpk").string()}, output),
              1);
    EXPECT_THAT(output, ::testing::HasSubstr("lib/"));
    EXPECT_FALSE(fs::exists(path("hello.rpk")));
}

}  // namespace
}  // namespace rapport
