#include <rapport/sdk/date.hpp>

#include <gtest/gtest.h>

namespace rapport::sdk {
namespace {

TEST(Date, ParsesAndPrintsIsoDates) {
    EXPECT_EQ(Date::parse("2026-11-22")->to_string(), "2026-11-22");
    EXPECT_EQ(Date::parse("2024-02-29")->to_string(), "2024-02-29");
}

TEST(Date, RefusesImpossibleOrMalformedDates) {
    EXPECT_FALSE(Date::parse("0000-01-01"));
    EXPECT_TRUE(Date::parse("0001-01-01"));
    for (const char* text :
         {"2026-02-29", "2026-13-01", "2026-1-1", "20261122", "2026-11-22T00:00:00Z", ""}) {
        EXPECT_FALSE(Date::parse(text)) << text;
    }
}

TEST(Date, OrdersByDay) {
    EXPECT_LT(*Date::parse("2026-01-31"), *Date::parse("2026-02-01"));
}

}  // namespace
}  // namespace rapport::sdk
