#include <rapport/sdk/timestamp.hpp>

#include <gtest/gtest.h>

namespace rapport::sdk {
namespace {

std::string canonical(std::string_view text) {
    const auto parsed = Timestamp::parse(text);
    return parsed ? parsed->to_canonical() : "invalid";
}

TEST(Timestamp, NormalisesOffsetsToUtc) {
    EXPECT_EQ(canonical("2026-11-22T09:41:06+07:00"), "2026-11-22T02:41:06.000Z");
    EXPECT_EQ(canonical("2026-11-22T23:30:00-02:30"), "2026-11-23T02:00:00.000Z");
    EXPECT_EQ(canonical("2026-11-22 09:41:06Z"), "2026-11-22T09:41:06.000Z");
}

TEST(Timestamp, KeepsMillisecondsAndTruncatesFinerDigits) {
    EXPECT_EQ(canonical("2026-11-22T09:41:06.25Z"), "2026-11-22T09:41:06.250Z");
    EXPECT_EQ(canonical("2026-11-22T09:41:06.123456789Z"), "2026-11-22T09:41:06.123Z");
}

TEST(Timestamp, RefusesAmbiguousOrInvalidText) {
    for (const char* text :
         {"2026-11-22T09:41:06", "2026-02-30T00:00:00Z", "2026-11-22T24:00:00Z", "2026-11-22",
          "yesterday", "2026-11-22T09:41:06.Z", "2026-11-22T09:41:06Zjunk"}) {
        EXPECT_FALSE(Timestamp::parse(text)) << text;
    }
}

TEST(Timestamp, StaysWithinTheYearsTheCanonicalFormHolds) {
    EXPECT_EQ(canonical("0001-01-01T00:00:00Z"), "0001-01-01T00:00:00.000Z");
    EXPECT_EQ(canonical("9999-12-31T23:59:59.999Z"), "9999-12-31T23:59:59.999Z");
    EXPECT_EQ(canonical("9999-12-31T23:59:59+01:00"), "9999-12-31T22:59:59.000Z");
    for (const char* text :
         {"9999-12-31T23:59:59-01:00", "0001-01-01T00:00:00+01:00", "0000-06-01T00:00:00Z"}) {
        EXPECT_FALSE(Timestamp::parse(text)) << text;
    }
}

TEST(Timestamp, PrintsRfc3339WithoutEmptyFraction) {
    EXPECT_EQ(Timestamp::parse("2026-11-22T09:41:06Z")->to_rfc3339(), "2026-11-22T09:41:06Z");
    EXPECT_EQ(Timestamp::parse("2026-11-22T09:41:06.5Z")->to_rfc3339(), "2026-11-22T09:41:06.500Z");
}

TEST(Timestamp, CanonicalTextSortsInTimeOrder) {
    const auto earlier = *Timestamp::parse("2026-11-22T23:59:59.999+01:00");
    const auto later = *Timestamp::parse("2026-11-22T23:00:00Z");
    EXPECT_LT(earlier, later);
    EXPECT_LT(earlier.to_canonical(), later.to_canonical());
}

}  // namespace
}  // namespace rapport::sdk
