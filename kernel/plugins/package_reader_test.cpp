#include "plugins/package_reader.hpp"

#include "plugins/package_error.hpp"
#include "plugins/package_signature.hpp"
#include "plugins/package_test_support.hpp"
#include "plugins/package_writer.hpp"
#include "temp_dir.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

namespace rapport::plugins {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using testing::minimal_plugin_tar;
using testing::read_tar;
using testing::TarBuilder;
using testing::TarMember;
using ::testing::ThrowsMessage;

std::string read_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string incompressible_bytes(std::size_t size) {
    std::mt19937 generator(42);
    std::string bytes(size, '\0');
    for (char& byte : bytes) {
        byte = static_cast<char>(generator());
    }
    return bytes;
}

// The signature a package of exactly these files carries.
std::string signature_for(const std::vector<TarMember>& files, const std::string& secret_key) {
    std::vector<PackageMember> members;
    members.reserve(files.size());
    for (const TarMember& file : files) {
        members.push_back(PackageMember{file.path, sha256_hex(file.content), file.content.size()});
    }
    return sign(digest_list(members), secret_key);
}

// A signed package built by hand, so a test can sign one set of members and ship another.
std::string signed_tar(TarBuilder tar, const std::vector<TarMember>& signed_members,
                       const std::string& secret_key) {
    tar.file("signature", signature_for(signed_members, secret_key));
    return tar.bytes();
}

std::string repack(const std::vector<TarMember>& members) {
    TarBuilder tar;
    for (const TarMember& member : members) {
        tar.file(member.path, member.content, member.mode);
    }
    return tar.bytes();
}

class PackageReader : public ::testing::Test {
  protected:
    // A directory that does not exist yet, below one that does not either, as for an install.
    fs::path target() const { return temp_.path() / "plugins" / "demo" / "1.0.0-1"; }

    ExtractedPackage extract(const std::string& bytes, const PackageLimits& limits = {}) {
        return extract_package(bytes, target(), limits);
    }

    ExtractedPackage extract_source(std::optional<std::string_view> secret_key) {
        testing::write_plugin_source(temp_.path() / "source");
        return extract(pack_package(temp_.path() / "source", secret_key));
    }

    void expect_refused(const std::string& bytes, const std::string& message,
                        const PackageLimits& limits = {}) {
        EXPECT_THAT([&] { extract(bytes, limits); },
                    ThrowsMessage<PackageError>(HasSubstr(message)));
        EXPECT_FALSE(fs::exists(target())) << "a failed extraction left its directory behind";
    }

    rapport::testing::TempDir temp_;
};

TEST_F(PackageReader, ExtractPackage_UnpacksEveryFileWithItsDigest) {
    const std::string bytes = minimal_plugin_tar().file("views/list.yaml", "columns: []\n").bytes();

    const ExtractedPackage package = extract(bytes);

    EXPECT_EQ(package.directory, target());
    ASSERT_EQ(package.members.size(), 3U);
    EXPECT_EQ(package.members[0].path, "lib/libdemo.so");
    EXPECT_EQ(package.members[1].path, "plugin.yaml");
    EXPECT_EQ(package.members[2].path, "views/list.yaml");
    for (const PackageMember& member : package.members) {
        const std::string content = read_text(target() / member.path);
        EXPECT_EQ(member.sha256, sha256_hex(content)) << member.path;
        EXPECT_EQ(member.size, content.size()) << member.path;
    }
    EXPECT_EQ(read_text(target() / "views/list.yaml"), "columns: []\n");
}

TEST_F(PackageReader, ExtractPackage_KeepsTheManifestText) {
    const ExtractedPackage package = extract(minimal_plugin_tar().bytes());

    EXPECT_EQ(package.manifest_text, "id: demo\nversion: 1.0.0\n");
    EXPECT_EQ(read_text(target() / "plugin.yaml"), package.manifest_text);
}

TEST_F(PackageReader, ExtractPackage_MakesOnlyTheLibraryExecutable) {
    TarBuilder tar;
    tar.file("plugin.yaml", "id: demo\n", 0777)
        .file("lib/libdemo.so", "library", 0600)
        .file("data/run.sh", "#!/bin/sh\n", 0755);

    extract(tar.bytes());

    const auto permissions = [&](const char* path) {
        return fs::status(target() / path).permissions() & fs::perms::mask;
    };
    EXPECT_EQ(permissions("lib/libdemo.so"), static_cast<fs::perms>(0755));
    EXPECT_EQ(permissions("plugin.yaml"), static_cast<fs::perms>(0644));
    EXPECT_EQ(permissions("data/run.sh"), static_cast<fs::perms>(0644));
}

TEST_F(PackageReader, ExtractPackage_ReadsTheSignatureWithoutCountingItAsAMember) {
    const ExtractedPackage package =
        extract(minimal_plugin_tar().file("signature", "c2lnbmF0dXJl\n").bytes());

    EXPECT_EQ(package.signature, "c2lnbmF0dXJl\n");
    EXPECT_EQ(package.members.size(), 2U);
    EXPECT_FALSE(fs::exists(target() / "signature"));
}

TEST_F(PackageReader, ExtractPackage_HasNoSignatureWhenThePackageHoldsNone) {
    EXPECT_FALSE(extract(minimal_plugin_tar().bytes()).signature.has_value());
}

TEST_F(PackageReader, ExtractPackage_AcceptsThePathsTarWritesForADirectory) {
    TarBuilder tar;
    tar.directory("./")
        .file("./plugin.yaml", "id: demo\n")
        .directory("./lib/")
        .file("./lib/libdemo.so", "library")
        .directory("./views/empty/");

    const ExtractedPackage package = extract(tar.bytes());

    ASSERT_EQ(package.members.size(), 2U);
    EXPECT_EQ(package.members[0].path, "lib/libdemo.so");
    EXPECT_EQ(package.members[1].path, "plugin.yaml");
    EXPECT_TRUE(fs::is_directory(target() / "views/empty"));
}

TEST_F(PackageReader, ExtractPackage_RefusesAPathWithDotDot) {
    expect_refused(minimal_plugin_tar().file("../evil", "x").bytes(), "\"../evil\" has a \"..\"");
    EXPECT_FALSE(fs::exists(target().parent_path() / "evil"));
}

TEST_F(PackageReader, ExtractPackage_RefusesADotDotInsideAPath) {
    expect_refused(minimal_plugin_tar().file("views/../../evil", "x").bytes(),
                   "\"views/../../evil\" has a \"..\"");
}

TEST_F(PackageReader, ExtractPackage_RefusesAnAbsolutePath) {
    expect_refused(minimal_plugin_tar().file("/etc/x", "x").bytes(),
                   "\"/etc/x\" has an absolute path");
}

TEST_F(PackageReader, ExtractPackage_RefusesAnEmptyPathComponent) {
    expect_refused(minimal_plugin_tar().file("views//list.yaml", "x").bytes(),
                   "\"views//list.yaml\" has an empty path component");
}

TEST_F(PackageReader, ExtractPackage_RefusesASymbolicLink) {
    expect_refused(minimal_plugin_tar().symlink("data/passwd", "/etc/passwd").bytes(),
                   "\"data/passwd\" is a symbolic link");
}

TEST_F(PackageReader, ExtractPackage_RefusesAHardLink) {
    expect_refused(minimal_plugin_tar().hardlink("data/manifest", "plugin.yaml").bytes(),
                   "\"data/manifest\" is a hard link");
}

TEST_F(PackageReader, ExtractPackage_RefusesADeviceFile) {
    expect_refused(minimal_plugin_tar().character_device("data/null").bytes(),
                   "\"data/null\" is a device file");
}

TEST_F(PackageReader, ExtractPackage_RefusesAFifo) {
    expect_refused(minimal_plugin_tar().fifo("data/pipe").bytes(), "\"data/pipe\" is a FIFO");
}

TEST_F(PackageReader, ExtractPackage_RefusesAMemberOverTheSizeLimit) {
    PackageLimits limits;
    limits.max_member_bytes = 100;

    expect_refused(minimal_plugin_tar().file("data/big.bin", std::string(101, 'x')).bytes(),
                   "\"data/big.bin\" is larger than the limit of 100 bytes per file", limits);
}

TEST_F(PackageReader, ExtractPackage_AcceptsAMemberAtTheSizeLimit) {
    PackageLimits limits;
    limits.max_member_bytes = 100;

    EXPECT_NO_THROW(
        extract(minimal_plugin_tar().file("data/full.bin", std::string(100, 'x')).bytes(), limits));
}

TEST_F(PackageReader, ExtractPackage_RefusesAPackageOverTheTotalLimit) {
    PackageLimits limits;
    limits.max_total_bytes = 1000;

    expect_refused(minimal_plugin_tar()
                       .file("data/a.bin", std::string(600, 'a'))
                       .file("data/b.bin", std::string(600, 'b'))
                       .bytes(),
                   "the package unpacks to more than the limit of 1000 bytes", limits);
}

TEST_F(PackageReader, ExtractPackage_RefusesTooManyMembers) {
    PackageLimits limits;
    limits.max_members = 3;

    expect_refused(minimal_plugin_tar().file("data/a", "a").file("data/b", "b").bytes(),
                   "the package has more than 3 members", limits);
}

TEST_F(PackageReader, ExtractPackage_RefusesADuplicatePath) {
    expect_refused(minimal_plugin_tar().file("plugin.yaml", "id: other\n").bytes(),
                   "the package holds \"plugin.yaml\" twice");
}

TEST_F(PackageReader, ExtractPackage_RefusesTwoSpellingsOfOnePath) {
    expect_refused(minimal_plugin_tar().file("./lib/./libdemo.so", "other").bytes(),
                   "the package holds \"lib/libdemo.so\" twice");
}

TEST_F(PackageReader, ExtractPackage_RefusesAFileUnderAFile) {
    expect_refused(minimal_plugin_tar().file("data", "x").file("data/seed.csv", "y").bytes(),
                   "\"data/seed.csv\" lies under \"data\", which is a file");
}

TEST_F(PackageReader, ExtractPackage_RefusesAFileWhereADirectoryIs) {
    expect_refused(minimal_plugin_tar().file("lib", "x").bytes(),
                   "\"lib\" is both a file and a directory");
}

TEST_F(PackageReader, ExtractPackage_RefusesAnOversizedSignature) {
    expect_refused(minimal_plugin_tar().file("signature", std::string(5000, 'A')).bytes(),
                   "\"signature\" is larger than 4096 bytes");
}

TEST_F(PackageReader, ExtractPackage_RefusesGarbage) {
    expect_refused("this is not an archive, just some text that was uploaded by mistake",
                   "not a Rapport package (.rpk): it is not gzip-compressed");
}

TEST_F(PackageReader, ExtractPackage_RefusesAnEmptyBody) {
    expect_refused("", "not a Rapport package (.rpk): the body is empty");
}

TEST_F(PackageReader, ExtractPackage_RefusesAnUncompressedTar) {
    expect_refused(minimal_plugin_tar().bytes(false),
                   "not a Rapport package (.rpk): it is not gzip-compressed");
}

TEST_F(PackageReader, ExtractPackage_RefusesGzipOfSomethingOtherThanATar) {
    expect_refused(testing::gzip("plain text, not a tar archive\n"),
                   "not a Rapport package (.rpk): it does not hold a readable tar archive");
}

TEST_F(PackageReader, ExtractPackage_RefusesATruncatedPackage) {
    const std::string bytes =
        minimal_plugin_tar()
            .file("data/blob.bin", incompressible_bytes(std::size_t{512} * 1024))
            .bytes();

    expect_refused(bytes.substr(0, bytes.size() / 2),
                   "not a Rapport package (.rpk): the archive is truncated or damaged in member "
                   "\"data/blob.bin\"");
}

TEST_F(PackageReader, ExtractPackage_RefusesAPackageWithoutPluginYaml) {
    expect_refused(TarBuilder().file("lib/libdemo.so", "library").bytes(),
                   "the package has no plugin.yaml");
}

TEST_F(PackageReader, ExtractPackage_RefusesAPackageWithoutALibrary) {
    expect_refused(TarBuilder().file("plugin.yaml", "id: demo\n").bytes(),
                   "the package has no shared library (expected lib/lib<id>.so)");
}

TEST_F(PackageReader, ExtractPackage_RefusesTwoLibraries) {
    expect_refused(minimal_plugin_tar().file("lib/libother.so", "library").bytes(),
                   "more than one shared library in lib/ (lib/libdemo.so, lib/libother.so)");
}

TEST_F(PackageReader, ExtractPackage_RefusesAnExistingDirectoryAndLeavesItAlone) {
    fs::create_directories(target());
    std::ofstream(target() / "libdemo.so") << "the library a running plugin has mapped";

    EXPECT_THROW(extract(minimal_plugin_tar().bytes()), fs::filesystem_error);

    EXPECT_EQ(read_text(target() / "libdemo.so"), "the library a running plugin has mapped");
}

TEST_F(PackageReader, ExtractPackage_LeavesNothingBehindWhenALateMemberIsRefused) {
    const std::string bytes = minimal_plugin_tar()
                                  .file("views/list.yaml", "columns: []\n")
                                  .file("data/seed.csv", "name\n")
                                  .symlink("data/link", "seed.csv")
                                  .bytes();

    expect_refused(bytes, "\"data/link\" is a symbolic link");
    EXPECT_TRUE(fs::is_empty(target().parent_path()));
}

TEST_F(PackageReader, VerifyPackage_AcceptsAPackageSignedByATrustedKey) {
    const KeyPair key = generate_key_pair();

    const ExtractedPackage package = extract_source(key.secret_key);

    EXPECT_NO_THROW(verify_package(package, {key.public_key}, false));
}

TEST_F(PackageReader, VerifyPackage_AcceptsTheSignatureOfAnyTrustedKey) {
    const KeyPair other = generate_key_pair();
    const KeyPair signer = generate_key_pair();

    const ExtractedPackage package = extract_source(signer.secret_key);

    EXPECT_NO_THROW(verify_package(package, {other.public_key, signer.public_key}, false));
}

TEST_F(PackageReader, VerifyPackage_RefusesAnUnsignedPackage) {
    const ExtractedPackage package = extract_source(std::nullopt);

    EXPECT_THAT([&] { verify_package(package, {generate_key_pair().public_key}, false); },
                ThrowsMessage<PackageError>(
                    "the package is not signed (set plugins.allow_unsigned: true to install "
                    "unsigned packages while developing)"));
}

TEST_F(PackageReader, VerifyPackage_AcceptsAnUnsignedPackageWhenUnsignedOnesAreAllowed) {
    const ExtractedPackage package = extract_source(std::nullopt);

    EXPECT_NO_THROW(verify_package(package, {}, true));
}

TEST_F(PackageReader, VerifyPackage_RefusesAPackageSignedByAnUntrustedKey) {
    const KeyPair trusted = generate_key_pair();
    const ExtractedPackage package = extract_source(generate_key_pair().secret_key);

    EXPECT_THAT([&] { verify_package(package, {trusted.public_key}, false); },
                ThrowsMessage<PackageError>(HasSubstr(
                    "the package is not signed by a trusted key, or was changed after it was "
                    "signed (1 trusted key configured: " +
                    key_id(trusted.public_key) + ")")));
}

TEST_F(PackageReader, VerifyPackage_RefusesASignedPackageWhenNoKeyIsTrusted) {
    const ExtractedPackage package = extract_source(generate_key_pair().secret_key);

    EXPECT_THAT([&] { verify_package(package, {}, false); },
                ThrowsMessage<PackageError>(HasSubstr("no trusted keys configured")));
}

TEST_F(PackageReader, VerifyPackage_RefusesAMemberChangedAfterSigning) {
    const KeyPair key = generate_key_pair();
    testing::write_plugin_source(temp_.path() / "source");
    std::vector<TarMember> members =
        read_tar(pack_package(temp_.path() / "source", key.secret_key));
    for (TarMember& member : members) {
        if (member.path == "data/seed.csv") {
            member.content = "name\nsomething else\n";
        }
    }

    const ExtractedPackage package = extract(repack(members));

    EXPECT_THAT([&] { verify_package(package, {key.public_key}, false); },
                ThrowsMessage<PackageError>(HasSubstr("not signed by a trusted key")));
}

TEST_F(PackageReader, VerifyPackage_RefusesAMemberAddedAfterSigning) {
    const KeyPair key = generate_key_pair();
    const std::vector<TarMember> signed_members = read_tar(minimal_plugin_tar().bytes());

    const ExtractedPackage package = extract(
        signed_tar(minimal_plugin_tar().file("migrations/002_drop.sql", "DROP TABLE account;\n"),
                   signed_members, key.secret_key));

    EXPECT_THAT([&] { verify_package(package, {key.public_key}, false); },
                ThrowsMessage<PackageError>(HasSubstr("not signed by a trusted key")));
}

TEST_F(PackageReader, VerifyPackage_RefusesAMemberRemovedAfterSigning) {
    const KeyPair key = generate_key_pair();
    const std::vector<TarMember> signed_members = read_tar(
        minimal_plugin_tar().file("migrations/001.sql", "CREATE TABLE t (id INT);\n").bytes());

    const ExtractedPackage package =
        extract(signed_tar(minimal_plugin_tar(), signed_members, key.secret_key));

    EXPECT_THAT([&] { verify_package(package, {key.public_key}, false); },
                ThrowsMessage<PackageError>(HasSubstr("not signed by a trusted key")));
}

TEST_F(PackageReader, VerifyPackage_AcceptsASignatureFollowedByANewline) {
    const KeyPair key = generate_key_pair();
    const std::string signature =
        signature_for(read_tar(minimal_plugin_tar().bytes()), key.secret_key);

    const ExtractedPackage package =
        extract(minimal_plugin_tar().file("signature", signature + "\n").bytes());

    EXPECT_NO_THROW(verify_package(package, {key.public_key}, false));
}

TEST_F(PackageReader, VerifyPackage_RefusesASignatureThatIsNotBase64) {
    const ExtractedPackage package =
        extract(minimal_plugin_tar().file("signature", "signed, trust me").bytes());

    EXPECT_THAT([&] { verify_package(package, {generate_key_pair().public_key}, false); },
                ThrowsMessage<PackageError>(
                    HasSubstr("\"signature\" does not hold a base64 Ed25519 signature")));
}

TEST_F(PackageReader, VerifyPackage_NamesAMalformedTrustedKey) {
    const KeyPair key = generate_key_pair();
    const ExtractedPackage package = extract_source(key.secret_key);

    EXPECT_THAT(
        [&] {
            verify_package(package, {key.public_key, "not-a-key"}, false);
        },
        ThrowsMessage<PackageError>(
            HasSubstr("trusted key 2 of plugins.trusted_keys is not a base64 Ed25519 public key")));
}

}  // namespace
}  // namespace rapport::plugins
