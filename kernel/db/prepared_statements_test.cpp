#include "db/prepared_statements.hpp"

#include <gtest/gtest.h>

namespace rapport::db {
namespace {

TEST(NumberedPlaceholders, NumbersNamedPlaceholdersInOrder) {
    EXPECT_EQ(numbered_placeholders("SELECT a FROM t WHERE b = :p1 AND c IN (:p2, :x_3)"),
              "SELECT a FROM t WHERE b = $1 AND c IN ($2, $3)");
}

TEST(NumberedPlaceholders, LeavesQuotedTextAndCastsAlone) {
    EXPECT_EQ(
        numbered_placeholders(
            R"(SELECT to_char(at, 'YYYY-MM-DD"T"HH24:MI:SS') , x::text, "we:ird" FROM t WHERE y = :y)"),
        R"(SELECT to_char(at, 'YYYY-MM-DD"T"HH24:MI:SS') , x::text, "we:ird" FROM t WHERE y = $1)");
    EXPECT_EQ(numbered_placeholders("SELECT 'it''s :not' WHERE z = :z"),
              "SELECT 'it''s :not' WHERE z = $1");
}

}  // namespace
}  // namespace rapport::db
