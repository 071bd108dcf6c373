// A record named by a regarding pair in a write that has not committed yet, deleted at that
// moment. No foreign key covers the pair, so the store locks the regarded record itself
// (records/record_validation.hpp) and a delete locks what it takes along before looking for
// what regards it (records/record_removal.hpp). Each test keeps such a write open while
// another thread deletes, then checks that nothing is left naming a deleted record.
#include "records/record_removal.hpp"

#include "records/store_test_fixture.hpp"

#include <rapport/sdk/error.hpp>

#include <gmock/gmock.h>

#include <chrono>
#include <future>
#include <optional>
#include <string>
#include <thread>

namespace rapport::records {
namespace {

using ::testing::IsEmpty;
using ::testing::SizeIs;
using namespace std::string_literals;

constexpr const char* regarding_entities = R"(
account:
  fields:
    name: {type: string, required: true}
memo:
  fields:
    text: {type: string}
    account_id: {type: reference, to: account, on_delete: cascade}
note:
  fields:
    regarding_entity: {type: string, max: 48, required: true}
    regarding_id: {type: integer, required: true}
comment:
  fields:
    regarding_entity: {type: string, max: 48}
    regarding_id: {type: integer}
)";

// How long the open write waits for the delete before it commits: ample time for a delete
// that nothing holds up, which the write's lock must hold up.
constexpr auto unhindered_delete = std::chrono::milliseconds(300);

class RegardingRaceTest : public StoreTest {
  protected:
    RegardingRaceTest() : StoreTest(regarding_entities) {}

    std::int64_t create(const std::string& name, FieldValues values) {
        return store_.create(caller_, entity(name), std::move(values)).id();
    }

    std::int64_t create_account() {
        return create("account", {{entity("account").field("name"), "Acme"s}});
    }

    // Creates a `writer` record regarding `regarded` `regarded_id` in a transaction that
    // stays open while another thread deletes `account`, and returns when both are done.
    void write_while_deleting(const std::string& writer, const std::string& regarded,
                              std::int64_t regarded_id, std::int64_t account) {
        const auto& written_entity = entity(writer);
        std::promise<void> written;
        std::promise<void> deleted;
        auto deleted_done = deleted.get_future();
        std::optional<std::string> delete_error;
        std::thread deleter([&, written_done = written.get_future()] {
            written_done.wait();
            try {
                store_.remove(caller_, entity("account"), account);
            } catch (const std::exception& error) {
                delete_error = error.what();
            }
            deleted.set_value();
        });
        database().write_transaction([&](soci::session&) {
            create(writer, {{written_entity.field("regarding_entity"), regarded},
                            {written_entity.field("regarding_id"), regarded_id}});
            written.set_value();
            deleted_done.wait_for(unhindered_delete);
        });
        deleter.join();
        EXPECT_EQ(delete_error, std::nullopt);
    }

    std::vector<Record> all(const std::string& name) {
        return store_.list(caller_, entity(name), {}).items;
    }

    Caller caller_{42, {}, store_.system_caller().policy};
};

TEST_P(RegardingRaceTest, ARecordWrittenAsItsRegardedRecordIsDeletedLosesItsPair) {
    const auto account = create_account();

    write_while_deleting("comment", "account", account, account);

    EXPECT_THAT(all("account"), IsEmpty());
    const auto comments = all("comment");
    ASSERT_THAT(comments, SizeIs(1));
    EXPECT_TRUE(sdk::is_null(comments[0].get("regarding_entity")));
    EXPECT_TRUE(sdk::is_null(comments[0].get("regarding_id")));
}

TEST_P(RegardingRaceTest, ANoteWrittenAsARecordDeletedAlongIsDeletedGoesWithIt) {
    const auto account = create_account();
    const auto memo = create("memo", {{entity("memo").field("account_id"), account}});

    write_while_deleting("note", "memo", memo, account);

    EXPECT_THAT(all("memo"), IsEmpty());
    EXPECT_THAT(all("note"), IsEmpty());
}

RAPPORT_INSTANTIATE_FOR_EVERY_BACKEND(RegardingRaceTest);

}  // namespace
}  // namespace rapport::records
