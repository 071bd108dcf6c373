#include "plugins/package_writer.hpp"

#include "plugins/package_error.hpp"
#include "plugins/package_reader.hpp"
#include "plugins/package_signature.hpp"
#include "plugins/package_test_support.hpp"
#include "temp_dir.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace rapport::plugins {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::read_tar;
using testing::TarMember;
using ::testing::ThrowsMessage;

std::vector<std::string> paths_of(const std::vector<TarMember>& members) {
    std::vector<std::string> paths;
    paths.reserve(members.size());
    for (const TarMember& member : members) {
        paths.push_back(member.path);
    }
    return paths;
}

class PackageWriter : public ::testing::Test {
  protected:
    PackageWriter() { testing::write_plugin_source(source()); }

    fs::path source() const { return temp_.path() / "source"; }
    fs::path target() const { return temp_.path() / "extracted"; }

    rapport::testing::TempDir temp_;
};

TEST_F(PackageWriter, PackPackage_RoundTripsThroughExtractAndVerify) {
    const KeyPair key = generate_key_pair();

    const ExtractedPackage package =
        extract_package(pack_package(source(), key.secret_key), target());

    EXPECT_NO_THROW(verify_package(package, {key.public_key}, false));
    ASSERT_EQ(package.members.size(), 5U);
    for (const PackageMember& member : package.members) {
        EXPECT_TRUE(fs::exists(source() / member.path)) << member.path;
        EXPECT_EQ(fs::file_size(target() / member.path), fs::file_size(source() / member.path))
            << member.path;
    }
    EXPECT_EQ(package.manifest_text, "id: demo\nname: Demo\nversion: 1.0.0\nsdk_abi: 1\n");
}

TEST_F(PackageWriter, PackPackage_HoldsEveryFileSortedWithTheSignatureLast) {
    const std::vector<TarMember> members =
        read_tar(pack_package(source(), generate_key_pair().secret_key));

    EXPECT_THAT(paths_of(members),
                ElementsAre("data/seed.csv", "lib/libdemo.so", "migrations/001_create.sql",
                            "plugin.yaml", "views/demo_list.yaml", "signature"));
}

TEST_F(PackageWriter, PackPackage_WithoutAKeyHoldsNoSignature) {
    const ExtractedPackage package =
        extract_package(pack_package(source(), std::nullopt), target());

    EXPECT_FALSE(package.signature.has_value());
}

TEST_F(PackageWriter, PackPackage_StoresNoTimesOrOwnersAndOnlyTheLibraryExecutable) {
    for (const TarMember& member : read_tar(pack_package(source(), std::nullopt))) {
        EXPECT_EQ(member.mtime, 0) << member.path;
        EXPECT_EQ(member.uid, 0) << member.path;
        EXPECT_EQ(member.gid, 0) << member.path;
        EXPECT_EQ(member.mode, member.path == "lib/libdemo.so" ? 0755 : 0644) << member.path;
    }
}

TEST_F(PackageWriter, PackPackage_GivesTheSameBytesForTheSameFiles) {
    const KeyPair key = generate_key_pair();
    const std::string first = pack_package(source(), key.secret_key);
    fs::last_write_time(source() / "plugin.yaml",
                        fs::last_write_time(source() / "plugin.yaml") - std::chrono::hours(24));

    const std::string second = pack_package(source(), key.secret_key);

    EXPECT_EQ(first, second);
    ASSERT_GT(first.size(), 8U);
    EXPECT_EQ(first.substr(4, 4), std::string(4, '\0')) << "the gzip header carries a time";
}

TEST_F(PackageWriter, PackPackage_KeepsANonAsciiPath) {
    std::ofstream(source() / "views/\xc3\xa9tat.yaml") << "columns: []\n";

    const ExtractedPackage package =
        extract_package(pack_package(source(), std::nullopt), target());

    EXPECT_TRUE(fs::exists(target() / "views/\xc3\xa9tat.yaml"));
    EXPECT_EQ(package.members.back().path, "views/\xc3\xa9tat.yaml");
}

TEST_F(PackageWriter, PackPackage_RefusesASourceWithoutPluginYaml) {
    fs::remove(source() / "plugin.yaml");

    EXPECT_THAT([&] { pack_package(source(), std::nullopt); },
                ThrowsMessage<PackageError>(HasSubstr("no plugin.yaml")));
}

TEST_F(PackageWriter, PackPackage_RefusesASourceWithoutALibrary) {
    fs::remove(source() / "lib/libdemo.so");

    EXPECT_THAT([&] { pack_package(source(), std::nullopt); },
                ThrowsMessage<PackageError>(HasSubstr("no shared library")));
}

TEST_F(PackageWriter, PackPackage_RefusesASourceWithASymbolicLink) {
    fs::create_symlink("seed.csv", source() / "data/alias.csv");

    EXPECT_THAT([&] { pack_package(source(), std::nullopt); },
                ThrowsMessage<PackageError>(HasSubstr("symbolic link, \"data/alias.csv\"")));
}

TEST_F(PackageWriter, PackPackage_RefusesASourceWithAFileNamedSignature) {
    std::ofstream(source() / "signature") << "stale";

    EXPECT_THAT([&] { pack_package(source(), std::nullopt); },
                ThrowsMessage<PackageError>(HasSubstr("a file named \"signature\"")));
}

TEST_F(PackageWriter, PackPackage_RefusesAMalformedKey) {
    EXPECT_THAT([&] { pack_package(source(), "not a key"); },
                ThrowsMessage<PackageError>(HasSubstr("not a base64 Ed25519 secret key")));
}

TEST_F(PackageWriter, PackPackage_RefusesASourceThatIsNotADirectory) {
    EXPECT_THROW(pack_package(temp_.path() / "missing", std::nullopt), PackageError);
}

}  // namespace
}  // namespace rapport::plugins
