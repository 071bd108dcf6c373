#include <rapport/sdk/decimal.hpp>

#include <gtest/gtest.h>

namespace rapport::sdk {
namespace {

TEST(Decimal, ParsesPlainTextExactly) {
    EXPECT_EQ(Decimal::parse("450000000.00", 2), (Decimal{45000000000, 2}));
    EXPECT_EQ(Decimal::parse("-0.05", 2), (Decimal{-5, 2}));
    EXPECT_EQ(Decimal::parse("12", 2), (Decimal{1200, 2}));
    EXPECT_EQ(Decimal::parse("+7.5", 2), (Decimal{750, 2}));
}

TEST(Decimal, ParsesJsonExponents) {
    EXPECT_EQ(Decimal::parse("4.5e8", 2), (Decimal{45000000000, 2}));
    EXPECT_EQ(Decimal::parse("125E-2", 2), (Decimal{125, 2}));
}

TEST(Decimal, AcceptsTrailingZerosBeyondScale) {
    EXPECT_EQ(Decimal::parse("1.2300", 2), (Decimal{123, 2}));
}

TEST(Decimal, RefusesMorePrecisionThanTheScale) {
    EXPECT_FALSE(Decimal::parse("1.005", 2));
}

TEST(Decimal, RefusesMalformedText) {
    for (const char* text :
         {"", "-", ".", "1.2.3", "abc", "1e", "1e+", "0x10", " 1", "1 ", "NaN"}) {
        EXPECT_FALSE(Decimal::parse(text, 2)) << text;
    }
}

TEST(Decimal, RefusesValuesBeyondEighteenDigits) {
    EXPECT_TRUE(Decimal::parse("9999999999999999.99", 2));
    EXPECT_FALSE(Decimal::parse("99999999999999999.99", 2));
    EXPECT_FALSE(Decimal::parse("1e30", 2));
}

TEST(Decimal, PrintsFixedScale) {
    EXPECT_EQ((Decimal{5, 2}).to_string(), "0.05");
    EXPECT_EQ((Decimal{-5, 2}).to_string(), "-0.05");
    EXPECT_EQ((Decimal{45000000000, 2}).to_string(), "450000000.00");
    EXPECT_EQ((Decimal{42, 0}).to_string(), "42");
}

TEST(Decimal, RescalesRoundingHalfAwayFromZero) {
    EXPECT_EQ((Decimal{12345, 3}).rescaled(2), (Decimal{1235, 2}));
    EXPECT_EQ((Decimal{-12345, 3}).rescaled(2), (Decimal{-1235, 2}));
    EXPECT_EQ((Decimal{12344, 3}).rescaled(2), (Decimal{1234, 2}));
    EXPECT_EQ((Decimal{12, 2}).rescaled(4), (Decimal{1200, 4}));
}

}  // namespace
}  // namespace rapport::sdk
