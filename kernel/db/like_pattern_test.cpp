#include "db/like_pattern.hpp"

#include <gtest/gtest.h>

namespace rapport::db {
namespace {

TEST(LikePattern, StarIsTheOnlyWildcard) {
    EXPECT_EQ(sql_like_pattern("Uni*"), "Uni%");
    EXPECT_EQ(sql_like_pattern("100%_done\\"), "100\\%\\_done\\\\");
}

TEST(GlobPattern, BracketsGlobMetacharacters) {
    EXPECT_EQ(glob_pattern("Uni*"), "Uni*");
    EXPECT_EQ(glob_pattern("a?[b]"), "a[?][[]b]");
}

}  // namespace
}  // namespace rapport::db
