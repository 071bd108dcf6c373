#include "http/json_numbers.hpp"

#include <boost/json.hpp>
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

TEST(OutOfRangeNumber, FindsNumbersBeyondADoublesRange) {
    EXPECT_EQ(out_of_range_number(R"({"amount": 1e400})"), "1e400");
    EXPECT_EQ(out_of_range_number(R"([1, -1E400])"), "-1E400");
    EXPECT_EQ(out_of_range_number(R"([1e-400])"), "1e-400");
    EXPECT_EQ(
        out_of_range_number(R"({"a": 1e300, "b": "1e400", "c": 123456789012345678901234567890})"),
        std::nullopt);
}

TEST(PlainJsonText, WritesDoublesWithoutAnExponentWhereTheyHaveAShortPlainForm) {
    const boost::json::object value{
        {"probability", 12.5}, {"share", 0.1}, {"rate", 60.0}, {"count", 3}, {"huge", 1e300}};
    EXPECT_EQ(plain_json_text(value),
              R"({"probability":12.5,"share":0.1,"rate":60,"count":3,"huge":1e+300})");
}

TEST(PlainJsonText, LeavesStringsAndLiteralsAsTheyAre) {
    const boost::json::array value{"1.25E1", "a\"2E1", true, false, nullptr, -2.5};
    EXPECT_EQ(plain_json_text(value), R"(["1.25E1","a\"2E1",true,false,null,-2.5])");
}

}  // namespace
}  // namespace rapport::http
