#include "plugins/package_layout.hpp"

#include "plugins/package_error.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace rapport::plugins {
namespace {

using ::testing::HasSubstr;
using ::testing::ThrowsMessage;

TEST(PackageLayout, NormalizeMemberPath_KeepsAPlainRelativePath) {
    EXPECT_EQ(normalize_member_path("views/list.yaml"), "views/list.yaml");
}

TEST(PackageLayout, NormalizeMemberPath_DropsDotComponentsAndADirectorysTrailingSlash) {
    EXPECT_EQ(normalize_member_path("./lib/./libdemo.so"), "lib/libdemo.so");
    EXPECT_EQ(normalize_member_path("views/"), "views");
    EXPECT_EQ(normalize_member_path("./"), "");
}

TEST(PackageLayout, NormalizeMemberPath_RefusesAnAbsolutePath) {
    EXPECT_THAT([] { normalize_member_path("/etc/passwd"); },
                ThrowsMessage<PackageError>(HasSubstr("\"/etc/passwd\" has an absolute path")));
}

TEST(PackageLayout, NormalizeMemberPath_RefusesADotDotComponent) {
    for (const char* path : {"..", "../evil", "views/../../evil", "views/.."}) {
        EXPECT_THROW(normalize_member_path(path), PackageError) << path;
    }
}

TEST(PackageLayout, NormalizeMemberPath_AcceptsDotsInsideANameComponent) {
    EXPECT_EQ(normalize_member_path("data/..hidden..csv"), "data/..hidden..csv");
}

TEST(PackageLayout, NormalizeMemberPath_RefusesAnEmptyComponent) {
    EXPECT_THAT([] { normalize_member_path("views//list.yaml"); },
                ThrowsMessage<PackageError>(HasSubstr("has an empty path component")));
    EXPECT_THROW(normalize_member_path(""), PackageError);
}

// A newline in a path would let one member pose as two lines of the signed digest list.
TEST(PackageLayout, NormalizeMemberPath_RefusesControlCharactersAndQuotesThemEscaped) {
    EXPECT_THAT([] { normalize_member_path("a\nbb  b"); },
                ThrowsMessage<PackageError>(HasSubstr("\"a\\x0abb  b\" has a control character")));
}

TEST(PackageLayout, NormalizeMemberPath_RefusesAnOverlongComponent) {
    EXPECT_THROW(normalize_member_path("data/" + std::string(256, 'x')), PackageError);
}

TEST(PackageLayout, IsPluginLibrary_AcceptsOnlyASharedLibraryDirectlyInLib) {
    EXPECT_TRUE(is_plugin_library("lib/libdemo.so"));
    EXPECT_FALSE(is_plugin_library("lib/.so"));
    EXPECT_FALSE(is_plugin_library("lib/sub/libdemo.so"));
    EXPECT_FALSE(is_plugin_library("libdemo.so"));
    EXPECT_FALSE(is_plugin_library("lib/libdemo.so.1"));
    EXPECT_FALSE(is_plugin_library("data/lib/libdemo.so"));
}

TEST(PackageLayout, CheckRequiredMembers_AcceptsAManifestAndOneLibrary) {
    EXPECT_NO_THROW(check_required_members({{"plugin.yaml", "", 0}, {"lib/libdemo.so", "", 0}}));
}

TEST(PackageLayout, CheckRequiredMembers_RefusesAPackageWithoutPluginYaml) {
    EXPECT_THAT(
        [] {
            check_required_members({{"lib/libdemo.so", "", 0}});
        },
        ThrowsMessage<PackageError>(HasSubstr("no plugin.yaml")));
}

TEST(PackageLayout, CheckRequiredMembers_RefusesAPackageWithoutALibrary) {
    EXPECT_THAT(
        [] {
            check_required_members({{"plugin.yaml", "", 0}, {"lib/README", "", 0}});
        },
        ThrowsMessage<PackageError>(HasSubstr("no shared library")));
}

}  // namespace
}  // namespace rapport::plugins
