#include "db/statement_cache.hpp"

#include <gmock/gmock.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace rapport::db {
namespace {

class StatementCacheTest : public ::testing::Test {
  protected:
    int& get(const std::string& sql) {
        return cache_.get(
            sql,
            [this](std::string_view) {
                ++prepared_;
                return prepared_;
            },
            [this](int handle) { dropped_.push_back(handle); });
    }

    StatementCache<int> cache_{3};
    int prepared_ = 0;
    std::vector<int> dropped_;
};

TEST_F(StatementCacheTest, PreparesEachStatementOnce) {
    EXPECT_EQ(get("SELECT 1"), 1);
    EXPECT_EQ(get("SELECT 2"), 2);
    EXPECT_EQ(get("SELECT 1"), 1);
    EXPECT_EQ(prepared_, 2);
    EXPECT_TRUE(dropped_.empty());
}

TEST_F(StatementCacheTest, AFullCacheDropsOnlyTheLeastRecentlyUsed) {
    get("a");
    get("b");
    get("c");
    get("a");  // now b is the least recently used
    get("d");

    EXPECT_THAT(dropped_, ::testing::ElementsAre(2));
    EXPECT_EQ(cache_.size(), 3u);
    EXPECT_EQ(get("a"), 1) << "a was used lately and stays prepared";
    EXPECT_EQ(get("b"), 5) << "b is prepared again";
    EXPECT_THAT(dropped_, ::testing::ElementsAre(2, 3));
}

TEST_F(StatementCacheTest, AStatementThatFailsToPrepareIsNotCached) {
    const auto failing = [](std::string_view) -> int { throw std::runtime_error("syntax"); };
    EXPECT_THROW(cache_.get("SELEKT", failing, [](int) {}), std::runtime_error);
    EXPECT_EQ(cache_.size(), 0u);
    EXPECT_EQ(get("SELEKT"), 1);
}

TEST_F(StatementCacheTest, ClearDropsEveryHandle) {
    get("a");
    get("b");
    cache_.clear([this](int handle) { dropped_.push_back(handle); });

    EXPECT_THAT(dropped_, ::testing::UnorderedElementsAre(1, 2));
    EXPECT_EQ(cache_.size(), 0u);
}

}  // namespace
}  // namespace rapport::db
