#include "plugins/semantic_version.hpp"

#include <gtest/gtest.h>

#include <array>

namespace rapport::plugins {
namespace {

SemanticVersion version(std::string_view text) {
    const auto parsed = SemanticVersion::parse(text);
    EXPECT_TRUE(parsed) << text;
    return parsed.value_or(SemanticVersion{});
}

bool satisfies(std::string_view requirement, std::string_view candidate) {
    const auto parsed = VersionRequirement::parse(requirement);
    EXPECT_TRUE(parsed) << requirement;
    return parsed && parsed->satisfied_by(version(candidate));
}

TEST(SemanticVersion, ParsesNumbersPreReleaseAndBuild) {
    const auto parsed = version("1.2.3-rc.1+build.5");
    EXPECT_EQ(parsed.major, 1);
    EXPECT_EQ(parsed.minor, 2);
    EXPECT_EQ(parsed.patch, 3);
    EXPECT_EQ(parsed.pre_release, "rc.1");
    EXPECT_EQ(parsed.build, "build.5");
    EXPECT_EQ(parsed.to_string(), "1.2.3-rc.1+build.5");
    EXPECT_EQ(version("10.20.30").to_string(), "10.20.30");
}

TEST(SemanticVersion, RefusesWhatSemverDoesNotAllow) {
    for (const auto* text :
         {"", "1", "1.0", "1.0.0.0", "v1.0.0", "01.0.0", "1.02.0", "1.0.0-", "1.0.0-01",
          "1.0.0-rc..1", "1.0.0+", "1.0.0-rc_1", "-1.0.0", "1.0.0 ", "99999999999.0.0"}) {
        EXPECT_FALSE(SemanticVersion::parse(text)) << text;
    }
}

TEST(SemanticVersion, AllowsLeadingZerosInBuildMetadataOnly) {
    EXPECT_TRUE(SemanticVersion::parse("1.0.0+001"));
    EXPECT_TRUE(SemanticVersion::parse("1.0.0-0.3.7"));
}

TEST(SemanticVersion, OrdersByPrecedence) {
    // The precedence example of semver.org §11, then numbers compared as numbers.
    constexpr std::array ascending{"1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta",
                                   "1.0.0-beta",  "1.0.0-beta.2",  "1.0.0-beta.11",
                                   "1.0.0-rc.1",  "1.0.0",         "1.9.0",
                                   "1.10.0",      "2.0.0",         "2.1.0",
                                   "2.1.1"};
    for (std::size_t i = 0; i + 1 < ascending.size(); ++i) {
        EXPECT_LT(version(ascending[i]), version(ascending[i + 1]))
            << ascending[i] << " < " << ascending[i + 1];
        EXPECT_GT(version(ascending[i + 1]), version(ascending[i]));
    }
}

TEST(SemanticVersion, IgnoresBuildMetadataForPrecedence) {
    EXPECT_EQ(version("1.0.0+a"), version("1.0.0+b"));
    EXPECT_EQ(version("1.0.0+a") <=> version("1.0.0"), std::weak_ordering::equivalent);
}

TEST(SemanticVersion, ComparesLongNumericIdentifiersNumerically) {
    EXPECT_LT(version("1.0.0-rc.99999999999999999999"), version("1.0.0-rc.100000000000000000000"));
}

TEST(VersionRequirement, AtLeastAcceptsThatVersionAndLater) {
    EXPECT_TRUE(satisfies(">=1.2", "1.2.0"));
    EXPECT_TRUE(satisfies(">=1.2.0", "3.0.0"));
    EXPECT_FALSE(satisfies(">=1.2", "1.1.9"));
    EXPECT_FALSE(satisfies(">=1.2.0", "1.2.0-rc.1"));
}

TEST(VersionRequirement, CaretStaysWithinTheMajor) {
    EXPECT_TRUE(satisfies("^1.2", "1.2.0"));
    EXPECT_TRUE(satisfies("^1.2", "1.99.3"));
    EXPECT_FALSE(satisfies("^1.2", "1.1.0"));
    EXPECT_FALSE(satisfies("^1.2", "2.0.0"));
    EXPECT_FALSE(satisfies("^1.2", "2.0.0-rc.1"));
}

TEST(VersionRequirement, CaretOnZeroMajorStaysWithinTheMinor) {
    EXPECT_TRUE(satisfies("^0.3.1", "0.3.9"));
    EXPECT_FALSE(satisfies("^0.3.1", "0.4.0"));
    EXPECT_TRUE(satisfies("^0.0.3", "0.0.3"));
    EXPECT_FALSE(satisfies("^0.0.3", "0.0.4"));
}

TEST(VersionRequirement, TildeStaysWithinTheMinor) {
    EXPECT_TRUE(satisfies("~1.2", "1.2.7"));
    EXPECT_FALSE(satisfies("~1.2", "1.3.0"));
}

TEST(VersionRequirement, ExactAcceptsOnlyThatVersion) {
    EXPECT_TRUE(satisfies("=1.2.3", "1.2.3"));
    EXPECT_TRUE(satisfies("1.2.3", "1.2.3+build.7"));
    EXPECT_FALSE(satisfies("1.2.3", "1.2.4"));
    EXPECT_FALSE(satisfies("1.2.3", "1.2.3-rc.1"));
    EXPECT_TRUE(satisfies("1.2", "1.2.9"));
    EXPECT_FALSE(satisfies("1.2", "1.3.0"));
}

TEST(VersionRequirement, StarOrEmptyAcceptsAnything) {
    for (const auto* any : {"*", "", " "}) {
        const auto requirement = VersionRequirement::parse(any);
        ASSERT_TRUE(requirement) << any;
        EXPECT_TRUE(requirement->accepts_any());
        EXPECT_TRUE(requirement->satisfied_by(version("0.0.1-alpha")));
        EXPECT_EQ(requirement->to_string(), "*");
    }
}

TEST(VersionRequirement, KeepsItsTextForMessages) {
    EXPECT_EQ(VersionRequirement::parse(" >=1.2 ")->to_string(), ">=1.2");
    EXPECT_EQ(VersionRequirement::parse("^2")->to_string(), "^2");
}

TEST(VersionRequirement, RefusesWhatItCannotRead) {
    for (const auto* text : {">1.0", "<2.0", ">=", "^", "1.x", "latest", ">=1.2-rc", "1.2.3.4"}) {
        EXPECT_FALSE(VersionRequirement::parse(text)) << text;
    }
}

}  // namespace
}  // namespace rapport::plugins
