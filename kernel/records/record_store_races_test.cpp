// Writes that race each other on both backends: each loser gets the answer it would get alone
// (422, 409), never a database error, and nothing deadlocks.
#include "records/record_store_test_fixture.hpp"

#include <rapport/sdk/error.hpp>

#include <gmock/gmock.h>

#include <algorithm>
#include <future>
#include <string>
#include <vector>

namespace rapport::records {
namespace {

class RecordStoreRaceTest : public RecordStoreTest {};

// Writes racing for one unique value: each checks it free before its INSERT or UPDATE; on
// PostgreSQL two checks may both pass. The loser is a validation error like any duplicate, never a
// database error.
TEST_P(RecordStoreRaceTest, WritesRacingForAUniqueValueLeaveOneWinnerAndValidationErrors) {
    constexpr int racers = 8;
    for (int round = 0; round < 5; ++round) {
        const std::string code = "RACE" + std::to_string(round);
        std::vector<std::future<sdk::ErrorCode>> outcomes;
        for (int i = 0; i < racers; ++i) {
            outcomes.push_back(std::async(std::launch::async, [&, i] {
                try {
                    account("Racer " + std::to_string(i), {{"code", code}});
                    return sdk::ErrorCode::internal;  // stands for "created" here
                } catch (const sdk::Error& error) {
                    return error.code();
                }
            }));
        }
        int created = 0;
        for (auto& outcome : outcomes) {
            const auto code_of = outcome.get();
            if (code_of == sdk::ErrorCode::internal) {
                ++created;
            } else {
                EXPECT_EQ(code_of, sdk::ErrorCode::validation_failed);
            }
        }
        EXPECT_EQ(created, 1) << code;
    }
    // Updates racing to give their records one value alike.
    std::vector<std::int64_t> ids;
    for (int i = 0; i < racers; ++i) {
        ids.push_back(account("Updated " + std::to_string(i)).id());
    }
    std::vector<std::future<bool>> updates;
    for (const auto id : ids) {
        updates.push_back(std::async(std::launch::async, [&, id] {
            try {
                store_.update(caller_, entity("account"), id,
                              values("account", {{"code", std::string("SAME")}}));
                return true;
            } catch (const sdk::Error& error) {
                EXPECT_EQ(error.code(), sdk::ErrorCode::validation_failed);
                return false;
            }
        }));
    }
    EXPECT_EQ(std::count_if(updates.begin(), updates.end(), [](auto& won) { return won.get(); }),
              1);
}

// A line added to an order, then the order's total updated, in one transaction: several at
// once on one order must queue, not deadlock (PostgreSQL: the foreign key check's lock on the
// order and the update's lock must not conflict).
TEST_P(RecordStoreRaceTest, WritersAddingChildrenAndUpdatingTheirParentDoNotDeadlock) {
    const auto parent = account("Parent").id();
    std::vector<std::future<void>> writers;
    for (int i = 0; i < 6; ++i) {
        writers.push_back(std::async(std::launch::async, [&, i] {
            for (int round = 0; round < 5; ++round) {
                database().write_transaction([&](soci::session&) {
                    store_.create(caller_, entity("contact"),
                                  values("contact", {{"last_name", std::string("Child")},
                                                     {"account_id", parent}}));
                    // Not a unique field: an update of one is a key update on PostgreSQL.
                    store_.update(
                        caller_, entity("account"), parent,
                        values("account", {{"revenue", sdk::Decimal(i * 10 + round, 2)}}));
                });
            }
        }));
    }
    for (auto& writer : writers) {
        EXPECT_NO_THROW(writer.get());
    }
    EXPECT_EQ(rows_in("contact"), 30);
}

// A create naming a record a concurrent delete removes: either the create wins (and the delete,
// refused, finds it referred to) or the delete wins (and the create's reference dangles); each
// loser gets the answer it would get alone, never a database error.
TEST_P(RecordStoreRaceTest, ACreateRacingTheDeleteOfWhatItNamesGetsAValidationError) {
    for (int round = 0; round < 20; ++round) {
        const auto target = account("Doomed " + std::to_string(round)).id();
        auto remove = std::async(std::launch::async, [&] {
            try {
                store_.remove(caller_, entity("account"), target);
                return sdk::ErrorCode::internal;  // stands for "deleted"
            } catch (const sdk::Error& error) {
                return error.code();
            }
        });
        sdk::ErrorCode created = sdk::ErrorCode::internal;  // stands for "created"
        try {
            store_.create(
                caller_, entity("contact"),
                values("contact", {{"last_name", std::string("Late")}, {"account_id", target}}));
        } catch (const sdk::Error& error) {
            created = error.code();
        }
        const auto removed = remove.get();
        if (created == sdk::ErrorCode::internal) {
            EXPECT_EQ(removed, sdk::ErrorCode::conflict);
        } else {
            EXPECT_EQ(created, sdk::ErrorCode::validation_failed);
            EXPECT_EQ(removed, sdk::ErrorCode::internal);
        }
    }
}

RAPPORT_INSTANTIATE_FOR_EVERY_BACKEND(RecordStoreRaceTest);

}  // namespace
}  // namespace rapport::records
