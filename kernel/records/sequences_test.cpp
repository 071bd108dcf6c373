#include "records/sequences.hpp"

#include "database_fixture.hpp"
#include "db/database.hpp"

#include <gtest/gtest.h>

#include <set>
#include <thread>

namespace rapport::records {
namespace {

class SequencesTest : public testing::DatabaseTest {
  protected:
    SequencesTest() {
        const db::Migration migrations[] = {sequences_migration()};
        db::apply_migrations(database(), migrations);
    }
};

TEST_P(SequencesTest, CountsFromOnePerName) {
    EXPECT_EQ(next_in_sequence(database(), "sales.order"), 1);
    EXPECT_EQ(next_in_sequence(database(), "sales.order"), 2);
    EXPECT_EQ(next_in_sequence(database(), "sales.invoice.2026"), 1);
}

TEST_P(SequencesTest, ANumberTakenInARolledBackTransactionIsTakenAgain) {
    next_in_sequence(database(), "sales.order");
    EXPECT_THROW(database().write_transaction([&](soci::session&) {
        EXPECT_EQ(next_in_sequence(database(), "sales.order"), 2);
        throw std::runtime_error("the order was refused");
    }),
                 std::runtime_error);
    EXPECT_EQ(next_in_sequence(database(), "sales.order"), 2);
}

TEST_P(SequencesTest, ConcurrentProcessesNeverShareANumber) {
    auto other = open_again();
    std::vector<std::int64_t> first;
    std::vector<std::int64_t> second;
    std::thread a([&] {
        for (int i = 0; i < 50; ++i) {
            first.push_back(next_in_sequence(database(), "sales.order"));
        }
    });
    std::thread b([&] {
        for (int i = 0; i < 50; ++i) {
            second.push_back(next_in_sequence(*other, "sales.order"));
        }
    });
    a.join();
    b.join();
    std::set<std::int64_t> all(first.begin(), first.end());
    all.insert(second.begin(), second.end());
    EXPECT_EQ(all.size(), 100U);
    EXPECT_EQ(*all.rbegin(), 100);
}

RAPPORT_INSTANTIATE_FOR_EVERY_BACKEND(SequencesTest);

}  // namespace
}  // namespace rapport::records
