#include "http/json_body.hpp"

#include <gtest/gtest.h>

namespace rapport::http {
namespace {

TEST(ImpreciseNumber, FindsFractionsADoubleWouldRound) {
    EXPECT_EQ(imprecise_number(R"({"revenue": 1000.50000000000001})"), "1000.50000000000001");
    EXPECT_EQ(imprecise_number(R"([1, 0.1234567890123456e3])"), "0.1234567890123456e3");
}

TEST(ImpreciseNumber, AcceptsWhatADoubleKeeps) {
    // Leading and trailing zeros are not significant; integers are read exactly elsewhere.
    EXPECT_EQ(imprecise_number(R"({"a": 0.000123456789012345, "b": 1000.500000000000000})"),
              std::nullopt);
    EXPECT_EQ(imprecise_number(R"({"a": -12345.6789, "b": 1e300, "c": 12345678901234567890})"),
              std::nullopt);
}

TEST(ImpreciseNumber, IgnoresDigitsInsideStrings) {
    EXPECT_EQ(imprecise_number(R"({"note": "1000.50000000000001", "q": "a\"1.11111111111111111"})"),
              std::nullopt);
}

}  // namespace
}  // namespace rapport::http
