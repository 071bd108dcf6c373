// Writes that queue for the write lock while another writes. On SQLite they join its
// transaction and commit with it (a group); on PostgreSQL each commits alone. Either way each
// write keeps or loses its own work.
#include "database_fixture.hpp"
#include "db/database.hpp"
#include "db/statement.hpp"

#include <gmock/gmock.h>
#include <soci/soci.h>

#include <chrono>
#include <exception>
#include <future>
#include <stdexcept>
#include <thread>

namespace rapport::db {
namespace {

using testing::DatabaseTest;
using ::testing::ElementsAre;
using Work = std::function<void(soci::session&)>;

Work insert(std::string name) {
    return [name = std::move(name)](soci::session& session) {
        execute(session, "INSERT INTO names (name) VALUES (:n)", {name});
    };
}

Work insert_then_throw(std::string name) {
    return [name = std::move(name)](soci::session& session) {
        insert(name)(session);
        throw std::runtime_error("refused after writing " + name);
    };
}

class WriteGroupTest : public DatabaseTest {
  protected:
    WriteGroupTest() {
        database().with_session([](soci::session& session) {
            execute(session, "CREATE TABLE names (name VARCHAR(20) PRIMARY KEY)");
        });
    }

    std::vector<std::string> names() {
        std::vector<std::string> names;
        database().with_session([&](soci::session& session) {
            for (const auto& row : query(session, "SELECT name FROM names ORDER BY name")) {
                names.push_back(as_text(row.at(0)));
            }
        });
        return names;
    }

    long long rows_in(soci::session& session) {
        return as_integer(query(session, "SELECT count(*) FROM names").at(0).at(0));
    }

    // Runs `first` as a write that goes on once each of `behind` has started on a thread of
    // its own and had time to queue for the write lock. Returns what each write threw, `first`
    // first.
    std::vector<std::exception_ptr> write_with_queue(const Work& first,
                                                     const std::vector<Work>& behind) {
        std::vector<std::exception_ptr> thrown(behind.size() + 1);
        const auto write = [this](const Work& work, std::exception_ptr& error) {
            try {
                database().write_transaction(work);
            } catch (...) {
                error = std::current_exception();
            }
        };
        std::promise<void> writing;
        std::promise<void> queued;
        std::thread first_thread([&] {
            write(
                [&](soci::session& session) {
                    writing.set_value();
                    queued.get_future().wait();
                    first(session);
                },
                thrown[0]);
        });
        writing.get_future().wait();
        std::vector<std::thread> threads;
        for (std::size_t i = 0; i < behind.size(); ++i) {
            threads.emplace_back([&, i] { write(behind[i], thrown[i + 1]); });
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        queued.set_value();
        first_thread.join();
        for (auto& thread : threads) {
            thread.join();
        }
        return thrown;
    }
};

std::string message_of(const std::exception_ptr& thrown) {
    try {
        std::rethrow_exception(thrown);
    } catch (const std::exception& error) {
        return error.what();
    }
}

TEST_P(WriteGroupTest, AQueuedWriteThatThrowsLosesOnlyItsOwnWork) {
    const auto thrown =
        write_with_queue(insert("a"), {insert("b"), insert_then_throw("c"), insert("d")});

    EXPECT_FALSE(thrown[0]);
    EXPECT_FALSE(thrown[1]);
    ASSERT_TRUE(thrown[2]);
    EXPECT_EQ(message_of(thrown[2]), "refused after writing c");
    EXPECT_FALSE(thrown[3]);
    EXPECT_THAT(names(), ElementsAre("a", "b", "d"));
}

TEST_P(WriteGroupTest, AFirstWriteThatThrowsLosesOnlyItsOwnWork) {
    const auto thrown = write_with_queue(insert_then_throw("a"), {insert("b"), insert("c")});

    EXPECT_TRUE(thrown[0]);
    EXPECT_FALSE(thrown[1]);
    EXPECT_FALSE(thrown[2]);
    EXPECT_THAT(names(), ElementsAre("b", "c"));
}

TEST_P(WriteGroupTest, BeforeCommitTasksRunAfterTheWorkInItsTransaction) {
    long long seen = -1;
    database().write_transaction([&](soci::session& session) {
        before_commit(session, [&](soci::session& in) { seen = rows_in(in); });
        insert("a")(session);
        insert("b")(session);
    });
    EXPECT_EQ(seen, 2);

    database().with_session([&](soci::session& session) {
        before_commit(session, [&](soci::session&) { seen = 0; });
        EXPECT_EQ(seen, 0) << "with no transaction open, a task runs at once";
    });
}

TEST_P(WriteGroupTest, ABeforeCommitTaskQueuedUnderASavepointThatRollsBackNeverRuns) {
    bool ran = false;
    database().write_transaction([&](soci::session& session) {
        EXPECT_THROW(database().write_transaction([&](soci::session& nested) {
            before_commit(nested, [&](soci::session&) { ran = true; });
            throw std::runtime_error("refused");
        }),
                     std::runtime_error);
        insert("a")(session);
    });
    EXPECT_FALSE(ran);
    EXPECT_THAT(names(), ElementsAre("a"));
}

TEST_P(WriteGroupTest, ABeforeCommitTaskThatThrowsRollsItsTransactionBack) {
    EXPECT_THROW(database().write_transaction([](soci::session& session) {
        insert("a")(session);
        before_commit(session, [](soci::session&) { throw std::runtime_error("index full"); });
    }),
                 std::runtime_error);
    EXPECT_TRUE(names().empty());
}

RAPPORT_INSTANTIATE_FOR_EVERY_BACKEND(WriteGroupTest);

using SqliteWriteGroupTest = WriteGroupTest;

// The commit of the first write waits for the writes queued behind it: its before-commit task
// sees their rows in its transaction.
TEST_P(SqliteWriteGroupTest, WritesQueuedBehindAWriteCommitWithIt) {
    long long seen = 0;
    const auto thrown = write_with_queue(
        [&](soci::session& session) {
            insert("a")(session);
            before_commit(session, [&](soci::session& in) { seen = rows_in(in); });
        },
        {insert("b"), insert("c")});

    EXPECT_FALSE(thrown[0] || thrown[1] || thrown[2]);
    EXPECT_EQ(seen, 3);
    EXPECT_THAT(names(), ElementsAre("a", "b", "c"));
}

// One commit for the group: when it fails, every write of the group fails and keeps nothing.
TEST_P(SqliteWriteGroupTest, ACommitThatFailsFailsEveryWriteOfTheGroup) {
    const auto thrown = write_with_queue(
        [](soci::session& session) {
            insert("a")(session);
            before_commit(session, [](soci::session&) { throw std::runtime_error("disk full"); });
        },
        {insert("b"), insert("c")});

    for (const auto& error : thrown) {
        ASSERT_TRUE(error);
        EXPECT_EQ(message_of(error), "disk full");
    }
    EXPECT_TRUE(names().empty());
    write_with_queue(insert("d"), {insert("e")});
    EXPECT_THAT(names(), ElementsAre("d", "e")) << "the next group commits";
}

// Some errors end SQLite's transaction by themselves (a full disk; here a trigger's
// RAISE(ROLLBACK)): every write of the group loses its work and hears why.
TEST_P(SqliteWriteGroupTest, ATransactionSqliteRollsBackFailsEveryWriteOfTheGroup) {
    database().with_session([](soci::session& session) {
        execute(session,
                "CREATE TRIGGER names_refuse BEFORE INSERT ON names WHEN NEW.name = 'refused' "
                "BEGIN SELECT RAISE(ROLLBACK, 'rolled back by a trigger'); END");
    });
    const auto thrown = write_with_queue(insert("a"), {insert("refused")});

    for (const auto& error : thrown) {
        ASSERT_TRUE(error);
        EXPECT_THAT(message_of(error), ::testing::HasSubstr("rolled back by a trigger"));
    }
    EXPECT_TRUE(names().empty());
    write_with_queue(insert("b"), {insert("c")});
    EXPECT_THAT(names(), ElementsAre("b", "c")) << "the next group commits";
}

INSTANTIATE_TEST_SUITE_P(Sqlite, SqliteWriteGroupTest, ::testing::Values(Backend::sqlite),
                         ::rapport::testing::backend_test_name);

}  // namespace
}  // namespace rapport::db
