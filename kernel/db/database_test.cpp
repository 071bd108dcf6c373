#include "database_fixture.hpp"
#include "db/database_error.hpp"
#include "db/notifications.hpp"
#include "db/statement.hpp"
#include "temp_dir.hpp"

#include <rapport/sdk/error.hpp>

#include <gmock/gmock.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <chrono>
#include <filesystem>
#include <future>
#include <string>
#include <thread>

namespace rapport::db {
namespace {

using testing::DatabaseTest;
using ::testing::HasSubstr;
using ::testing::Not;

// The value of an integer PRAGMA on this connection.
long long pragma(soci::session& session, const std::string& name) {
    return as_integer(query(session, "PRAGMA " + name).at(0).at(0));
}

// The pragma's value inside a write transaction of that size.
long long pragma_in_write(Database& database, const std::string& name,
                          WriteSize size = WriteSize::ordinary) {
    long long value = 0;
    database.write_transaction([&](soci::session& session) { value = pragma(session, name); },
                               size);
    return value;
}

class DatabaseBackendTest : public DatabaseTest {
  protected:
    long long count_rows() {
        long long count = 0;
        database().with_session([&](soci::session& session) {
            count = as_integer(query(session, "SELECT count(*) FROM counters").at(0).at(0));
        });
        return count;
    }
    void create_counters() {
        database().with_session([](soci::session& session) {
            execute(session,
                    "CREATE TABLE counters (name VARCHAR(20) PRIMARY KEY, value INTEGER NOT NULL)");
            execute(session, "INSERT INTO counters (name, value) VALUES ('hits', 0)");
        });
    }
};

TEST_P(DatabaseBackendTest, ATransactionThatThrowsWritesNothing) {
    create_counters();
    EXPECT_THROW(database().write_transaction([](soci::session& session) {
        execute(session, "INSERT INTO counters (name, value) VALUES ('a', 1)");
        throw std::runtime_error("validation failed halfway");
    }),
                 std::runtime_error);
    EXPECT_EQ(count_rows(), 1);
}

TEST_P(DatabaseBackendTest, ANestedTransactionThatThrowsUndoesOnlyItsOwnWork) {
    create_counters();
    database().write_transaction([&](soci::session& session) {
        execute(session, "INSERT INTO counters (name, value) VALUES ('outer', 1)");
        EXPECT_THROW(database().write_transaction([](soci::session& nested) {
            execute(nested, "INSERT INTO counters (name, value) VALUES ('inner', 1)");
            throw std::runtime_error("the handler failed");
        }),
                     std::runtime_error);
        database().write_transaction([](soci::session& nested) {
            execute(nested, "INSERT INTO counters (name, value) VALUES ('second', 1)");
        });
    });
    EXPECT_EQ(count_rows(), 3);  // hits, outer, second
}

TEST_P(DatabaseBackendTest, ReadsInsideATransactionSeeItsWrites) {
    create_counters();
    database().write_transaction([&](soci::session& session) {
        execute(session, "UPDATE counters SET value = 7 WHERE name = 'hits'");
        database().with_session([](soci::session& reader) {
            EXPECT_EQ(as_integer(query(reader, "SELECT value FROM counters").at(0).at(0)), 7);
        });
    });
}

TEST_P(DatabaseBackendTest, AfterCommitTasksRunOnlyOnceTheOutermostTransactionCommits) {
    create_counters();
    std::vector<std::string> ran;
    database().write_transaction([&](soci::session&) {
        database().after_commit([&] { ran.push_back("outer"); });
        database().write_transaction(
            [&](soci::session&) { database().after_commit([&] { ran.push_back("nested"); }); });
        EXPECT_THROW(database().write_transaction([&](soci::session&) {
            database().after_commit([&] { ran.push_back("rolled back"); });
            throw std::runtime_error("undone");
        }),
                     std::runtime_error);
        EXPECT_TRUE(ran.empty());
    });
    EXPECT_EQ(ran, (std::vector<std::string>{"outer", "nested"}));

    EXPECT_THROW(database().write_transaction([&](soci::session&) {
        database().after_commit([&] { ran.push_back("never"); });
        throw std::runtime_error("rolled back");
    }),
                 std::runtime_error);
    EXPECT_EQ(ran.size(), 2U);
    database().after_commit([&] { ran.push_back("at once"); });
    EXPECT_EQ(ran.back(), "at once");
}

TEST_P(DatabaseBackendTest, ListenersWakeOnNotificationsOnPostgresqlAndOnTheirTimeoutOnSqlite) {
    Listener listener(database(), "rapport_test");
    auto other = open_again();
    const auto started = std::chrono::steady_clock::now();
    notify(*other, "rapport_test");
    const bool postgresql = backend() == Backend::postgresql;
    const bool notified = listener.wait(postgresql ? std::chrono::milliseconds(5000)
                                                   : std::chrono::milliseconds(300));
    const auto waited = std::chrono::steady_clock::now() - started;
    if (postgresql) {
        EXPECT_TRUE(notified);
        EXPECT_LT(waited, std::chrono::seconds(2));
    } else {
        EXPECT_FALSE(notified);
    }
    std::thread interrupter([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        listener.interrupt();
    });
    const auto before = std::chrono::steady_clock::now();
    EXPECT_FALSE(listener.wait(std::chrono::seconds(10)));
    EXPECT_LT(std::chrono::steady_clock::now() - before, std::chrono::seconds(5));
    interrupter.join();
}

// Two transactions locking two rows in opposite orders: PostgreSQL fails one to break the
// cycle, which its caller gets as a conflict (409) to try again, not as a database failure.
TEST_P(DatabaseBackendTest, TheTransactionADeadlockFailsIsAConflict) {
    create_counters();
    database().write_transaction([](soci::session& session) {
        execute(session, "INSERT INTO counters (name, value) VALUES ('a', 0), ('b', 0)");
    });
    auto shared = open_again(2);
    // Locks its row, waits until the other writer has locked its own (when there is one), then
    // locks the other's.
    const auto writer = [&](const std::string& mine, const std::string& theirs,
                            std::promise<void>* locked, std::shared_future<void> other) {
        try {
            shared->write_transaction([&](soci::session& session) {
                execute(session,
                        "UPDATE counters SET value = value + 1 WHERE name = '" + mine + "'");
                if (locked) {
                    locked->set_value();
                    other.wait();
                }
                execute(session,
                        "UPDATE counters SET value = value + 1 WHERE name = '" + theirs + "'");
            });
            return std::string("committed");
        } catch (const sdk::Error& error) {
            EXPECT_EQ(error.code(), sdk::ErrorCode::conflict);
            return std::string("conflict");
        }
    };
    if (GetParam() == Backend::sqlite) {  // one write transaction at a time: no cycle
        EXPECT_EQ(writer("a", "b", nullptr, {}), "committed");
        EXPECT_EQ(writer("b", "a", nullptr, {}), "committed");
        return;
    }
    std::promise<void> a_locked;
    std::promise<void> b_locked;
    auto one = std::async(std::launch::async, [&] {
        return writer("a", "b", &a_locked, b_locked.get_future().share());
    });
    auto two = std::async(std::launch::async, [&] {
        return writer("b", "a", &b_locked, a_locked.get_future().share());
    });
    std::vector<std::string> outcomes{one.get(), two.get()};
    std::sort(outcomes.begin(), outcomes.end());
    EXPECT_EQ(outcomes, (std::vector<std::string>{"committed", "conflict"}));
}

// Read-then-write transactions from many connections: with a deferred BEGIN, SQLite would
// fail some of them with SQLITE_BUSY; BEGIN IMMEDIATE serialises them instead.
TEST_P(DatabaseBackendTest, ConcurrentReadModifyWriteTransactionsAllSucceed) {
    create_counters();
    constexpr int threads = 8;
    constexpr int increments = 25;
    auto shared = open_again(threads);
    std::vector<std::thread> writers;
    std::atomic<int> failures{0};
    for (int t = 0; t < threads; ++t) {
        writers.emplace_back([&] {
            for (int i = 0; i < increments; ++i) {
                try {
                    shared->write_transaction([](soci::session& session) {
                        const auto rows = query(
                            session, "SELECT value FROM counters WHERE name = 'hits'" +
                                         std::string(session.get_backend_name() == "postgresql"
                                                         ? " FOR UPDATE"
                                                         : ""));
                        const long long value = as_integer(rows.at(0).at(0));
                        execute(session, "UPDATE counters SET value = :v WHERE name = 'hits'",
                                {value + 1});
                    });
                } catch (const std::exception& error) {
                    ++failures;
                    ADD_FAILURE() << error.what();
                }
            }
        });
    }
    for (auto& writer : writers) {
        writer.join();
    }
    EXPECT_EQ(failures, 0);
    long long value = 0;
    database().with_session([&](soci::session& session) {
        value = as_integer(
            query(session, "SELECT value FROM counters WHERE name = 'hits'").at(0).at(0));
    });
    EXPECT_EQ(value, threads * increments);
}

TEST_P(DatabaseBackendTest, ForeignKeysAreEnforced) {
    database().with_session([](soci::session& session) {
        execute(session, "CREATE TABLE parents (id INTEGER PRIMARY KEY)");
        execute(session,
                "CREATE TABLE children (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES "
                "parents (id))");
        EXPECT_ANY_THROW(execute(session, "INSERT INTO children (id, parent_id) VALUES (1, 99)"));
    });
}

TEST_P(DatabaseBackendTest, ParametersNeverBecomeSql) {
    create_counters();
    const std::string hostile = "x'); DROP TABLE counters; --";
    database().with_session([&](soci::session& session) {
        execute(session, "INSERT INTO counters (name, value) VALUES (:n, 1)",
                {hostile.substr(0, 20)});
        EXPECT_EQ(as_text(query(session, "SELECT name FROM counters WHERE value = 1").at(0).at(0)),
                  hostile.substr(0, 20));
    });
    EXPECT_EQ(count_rows(), 2);
}

TEST_P(DatabaseBackendTest, InsertReturningId_GivesEachRowItsOwnId) {
    database().write_transaction([&](soci::session& session) {
        execute(session, "CREATE TABLE notes (" + std::string(database().dialect().id_column()) +
                             ", body TEXT)");
        const auto first = insert_returning_id(session, "INSERT INTO notes (body) VALUES (:b)",
                                               {std::string("first")});
        // A row written in between by other SQL does not confuse the next id.
        execute(session, "INSERT INTO notes (body) VALUES ('between')");
        const auto second = insert_returning_id(session, "INSERT INTO notes (body) VALUES (:b)",
                                                {std::string("second")});
        EXPECT_EQ(
            as_text(query(session, "SELECT body FROM notes WHERE id = :id", {first}).at(0).at(0)),
            "first");
        EXPECT_EQ(
            as_text(query(session, "SELECT body FROM notes WHERE id = :id", {second}).at(0).at(0)),
            "second");
    });
}

TEST_P(DatabaseBackendTest, NullsTravelBothWays) {
    database().with_session([](soci::session& session) {
        execute(session, "CREATE TABLE notes (body TEXT)");
        execute(session, "INSERT INTO notes (body) VALUES (:b)", {SqlValue{}});
        EXPECT_TRUE(is_null(query(session, "SELECT body FROM notes").at(0).at(0)));
    });
}

TEST_P(DatabaseBackendTest, ASetOfIntegersIsOneParameterWhateverItsSize) {
    const auto& dialect = database().dialect();
    const std::string sql =
        "SELECT count(*), sum(n) FROM (SELECT 1 AS n UNION ALL SELECT 2 "
        "UNION ALL SELECT 3 UNION ALL SELECT 40 UNION ALL SELECT 9007199254740993) t WHERE " +
        dialect.in_integers("n", ":set");
    const auto count_and_sum = [&](const std::vector<std::int64_t>& set) {
        std::pair<long long, long long> result;
        database().with_session([&](soci::session& session) {
            const auto row = query(session, sql, {dialect.integers_value(set)}).at(0);
            result = {as_integer(row.at(0)), is_null(row.at(1)) ? 0 : as_integer(row.at(1))};
        });
        return result;
    };
    EXPECT_EQ(count_and_sum({}), std::make_pair(0LL, 0LL));
    EXPECT_EQ(count_and_sum({3}), std::make_pair(1LL, 3LL));
    EXPECT_EQ(count_and_sum({1, 40, 7, 3, 3}), std::make_pair(3LL, 44LL));
    EXPECT_EQ(count_and_sum({-1, 9007199254740992}), std::make_pair(0LL, 0LL))
        << "ids past 2^53 are compared exactly, not as doubles";
    EXPECT_EQ(count_and_sum({9007199254740993}), std::make_pair(1LL, 9007199254740993LL));
}

TEST_P(DatabaseBackendTest, MoreDistinctStatementsThanTheCacheHoldsAllRunRight) {
    const auto single = open_again(1);
    const bool postgresql = backend() == Backend::postgresql;
    single->with_session([&](soci::session& session) {
        for (int round = 0; round < 2; ++round) {
            for (long long i = 0; i < 300; ++i) {
                const auto sql = "SELECT :v + " + std::to_string(i);
                ASSERT_EQ(as_integer(query(session, sql, {i}).at(0).at(0)), 2 * i) << sql;
                ASSERT_EQ(as_integer(query(session, "SELECT :hot * 2", {i}).at(0).at(0)), 2 * i)
                    << "the statement used all along, kept while others come and go";
            }
        }
        if (postgresql) {
            const auto prepared = as_integer(
                query(session, "SELECT count(*) FROM pg_prepared_statements").at(0).at(0));
            EXPECT_LE(prepared, 256) << "the statements the cache let go are deallocated";
        }
    });
}

// On SQLite a bulk transaction's connection is opened again afterwards, committed or not (FTS5
// keeps per-connection state sized for the largest transaction); on PostgreSQL it is kept.
TEST_P(DatabaseBackendTest, ABulkTransactionLeavesANewSqliteConnectionSetUpLikeTheOthers) {
    create_counters();
    const auto single = open_again(1);
    // Asked in a write transaction: on SQLite those run on a connection of their own.
    const auto scratch_survived = [&] {
        bool survived = true;
        single->write_transaction([&](soci::session& session) {
            try {
                query(session, "SELECT count(*) FROM scratch");
            } catch (const std::exception&) {
                survived = false;
            }
        });
        return survived;
    };
    const auto create_scratch = [](soci::session& session) {
        execute(session, "CREATE TEMP TABLE scratch (x INTEGER)");
    };
    const bool kept = backend() == Backend::postgresql;

    single->write_transaction(create_scratch, WriteSize::ordinary);
    EXPECT_TRUE(scratch_survived()) << "an ordinary transaction keeps its connection";
    single->write_transaction(
        [](soci::session& session) { execute(session, "DROP TABLE scratch"); });
    single->write_transaction(
        [&](soci::session& session) {
            create_scratch(session);
            execute(session, "INSERT INTO counters (name, value) VALUES ('bulk', 1)");
        },
        WriteSize::bulk);
    EXPECT_EQ(scratch_survived(), kept);

    EXPECT_THROW(single->write_transaction(
                     [](soci::session& session) {
                         execute(session, "CREATE TEMP TABLE IF NOT EXISTS scratch (x INTEGER)");
                         throw std::runtime_error("a bad row");
                     },
                     WriteSize::bulk),
                 std::runtime_error);
    EXPECT_EQ(scratch_survived(), kept);
    single->write_transaction([&](soci::session& session) {
        EXPECT_EQ(as_integer(query(session, "SELECT count(*) FROM counters").at(0).at(0)), 2)
            << "statements prepared on the old connection are not reused";
        if (!kept) {
            EXPECT_EQ(pragma(session, "foreign_keys"), 1);
        }
    });
}

RAPPORT_INSTANTIATE_FOR_EVERY_BACKEND(DatabaseBackendTest);

TEST(Database, UnreachablePostgresqlFailsWithARedactedReason) {
    try {
        Database database("postgresql://rapport:hunter2@/crm?host=/nonexistent&connect_timeout=2",
                          {1, 1000});
        FAIL() << "expected DatabaseError";
    } catch (const DatabaseError& error) {
        EXPECT_THAT(error.what(), HasSubstr("cannot open database postgresql://rapport:***@"));
        EXPECT_THAT(error.what(), Not(HasSubstr("hunter2")));
    }
}

TEST(Database, SqliteInAMissingDirectoryFailsClearly) {
    EXPECT_THROW(Database("sqlite:/nonexistent/dir/rapport.db", {1, 1000}), DatabaseError);
}

// A connection is never used by two threads at once, so SQLite runs in multi-thread mode:
// sqlite3_db_mutex() has no mutex to give for a connection opened so.
TEST(Database, SqliteConnectionsHaveNoMutexOfTheirOwn) {
    const testing::TempDir dir;
    Database database("sqlite:" + (dir.path() / "rapport.db").string(), {1, 1000});
    database.with_session([](soci::session& session) {
        auto* connection =
            static_cast<soci::sqlite3_session_backend*>(session.get_backend())->conn_;
        EXPECT_EQ(sqlite_api::sqlite3_db_mutex(connection), nullptr);
    });
}

TEST(Database, ABulkSqliteTransactionHasALargePageCacheThatDoesNotOutliveIt) {
    const testing::TempDir dir;
    Database database("sqlite:" + (dir.path() / "rapport.db").string(), {1, 1000});
    long long before = 0;
    database.with_session([&](soci::session& session) { before = pragma(session, "cache_size"); });

    EXPECT_EQ(pragma_in_write(database, "cache_size", WriteSize::bulk), -256 * 1024);
    EXPECT_EQ(pragma_in_write(database, "cache_size"), before);
}

// An import batch looks up the records its rows refer to itself, inside its transaction, which
// costs SQLite a fraction of the lookup per row its foreign keys would make.
TEST(Database, ABulkSqliteTransactionWithItsOwnReferenceChecksRunsWithoutForeignKeyChecks) {
    const testing::TempDir dir;
    Database database("sqlite:" + (dir.path() / "rapport.db").string(), {1, 1000});

    EXPECT_EQ(pragma_in_write(database, "foreign_keys", WriteSize::bulk_with_own_reference_checks),
              0);
    EXPECT_EQ(pragma_in_write(database, "foreign_keys", WriteSize::bulk), 1);
    EXPECT_EQ(pragma_in_write(database, "foreign_keys"), 1);
    EXPECT_THROW(database.write_transaction(
                     [](soci::session&) { throw std::runtime_error("the batch failed"); },
                     WriteSize::bulk_with_own_reference_checks),
                 std::runtime_error);
    EXPECT_EQ(pragma_in_write(database, "foreign_keys"), 1);
}

// Savepoints keep the pages they may have to restore in a sub-journal, which SQLite otherwise
// spills to a file in /var/tmp past 64 KiB: two writes to it for each page a grouped write
// touched, most of what a create cost beyond the raw INSERT. Reads keep SQLite's default, under
// which an aggregate's temporary B-trees run faster.
TEST(Database, TheSqliteWriteConnectionKeepsItsTemporaryDataInMemory) {
    const testing::TempDir dir;
    Database database("sqlite:" + (dir.path() / "rapport.db").string(), {1, 1000});
    constexpr long long default_store = 0;
    constexpr long long memory = 2;
    database.with_session(
        [&](soci::session& session) { EXPECT_EQ(pragma(session, "temp_store"), default_store); });
    database.write_transaction(
        [&](soci::session& session) { EXPECT_EQ(pragma(session, "temp_store"), memory); });
    database.write_transaction([](soci::session&) {}, WriteSize::bulk);  // reopens it
    database.write_transaction(
        [&](soci::session& session) { EXPECT_EQ(pragma(session, "temp_store"), memory); });
}

TEST(Database, EverySqliteConnectionReadsTheFileThroughAMemoryMap) {
    const testing::TempDir dir;
    Database database("sqlite:" + (dir.path() / "rapport.db").string(), {1, 1000});
    constexpr long long mapped = 1LL << 30;
    database.with_session(
        [&](soci::session& session) { EXPECT_EQ(pragma(session, "mmap_size"), mapped); });
    database.write_transaction(
        [&](soci::session& session) { EXPECT_EQ(pragma(session, "mmap_size"), mapped); });
}

// A connection that cannot be opened again after a bulk transaction is not lost: its next
// lease fails with the reason, and opens it once the database can be reached again.
TEST(Database, ASqliteConnectionThatFailedToReopenOpensAtItsNextLease) {
    const testing::TempDir dir;
    const auto folder = dir.path() / "data";
    std::filesystem::create_directory(folder);
    Database database("sqlite:" + (folder / "rapport.db").string(), {1, 1000});
    const auto select_one = [&] {
        long long one = 0;
        database.write_transaction([&](soci::session& session) {
            one = as_integer(query(session, "SELECT 1").at(0).at(0));
        });
        return one;
    };

    database.write_transaction(
        [&](soci::session& session) {
            execute(session, "CREATE TABLE t (x INTEGER)");
            std::filesystem::remove_all(folder);
        },
        WriteSize::bulk);

    EXPECT_THROW(select_one(), DatabaseError);
    std::filesystem::create_directory(folder);
    EXPECT_EQ(select_one(), 1);
}

// Closing forgets each connection's prepared statements; one left closed has none.
TEST(Database, ClosesWithAConnectionThatFailedToReopen) {
    const testing::TempDir dir;
    const auto folder = dir.path() / "data";
    std::filesystem::create_directory(folder);
    {
        Database database("sqlite:" + (folder / "rapport.db").string(), {1, 1000});
        database.write_transaction(
            [&](soci::session& session) {
                execute(session, "CREATE TABLE t (x INTEGER)");
                std::filesystem::remove_all(folder);
            },
            WriteSize::bulk);
        EXPECT_THROW(database.write_transaction([](soci::session&) {}), DatabaseError);
    }
    SUCCEED() << "the database closed without terminating the process";
}

// Writes take turns on SQLite on a connection of their own: a write never waits for a pooled
// connection, and that connection keeps its page cache from one write to the next.
TEST(Database, ASqliteWriteNeedsNoPooledConnection) {
    const testing::TempDir dir;
    Database database("sqlite:" + (dir.path() / "rapport.db").string(), {1, 1000});
    std::promise<void> leased;
    std::promise<void> release;
    std::thread reader([&] {
        database.with_session([&](soci::session&) {
            leased.set_value();
            release.get_future().wait();
        });
    });
    leased.get_future().wait();

    auto write = std::async(std::launch::async, [&] {
        database.write_transaction(
            [](soci::session& session) { execute(session, "CREATE TABLE t (x INTEGER)"); });
    });
    const auto status = write.wait_for(std::chrono::seconds(10));
    release.set_value();
    reader.join();

    EXPECT_EQ(status, std::future_status::ready) << "the write waited for the pool";
    EXPECT_NO_THROW(write.get());
}

// A statement that changes many pages after others in its transaction needs a large statement
// journal. When statement journals are kept in memory up to 256 KiB or more before they spill to
// a file (SQLITE_CONFIG_STMTJRNL_SPILL; SQLite's default is 64 KiB), SQLite 3.40 fails such
// statements on FTS5 tables with "database or disk is full" once they spill. rapportd set
// 16 MiB, and re-indexing a large entity failed so.
TEST(Database, ALargeStatementAfterOthersInItsSqliteTransactionSucceeds) {
    const testing::TempDir dir;
    Database database("sqlite:" + (dir.path() / "rapport.db").string(), {1, 1000});
    database.write_transaction([](soci::session& session) {
        execute(session, "CREATE VIRTUAL TABLE words USING fts5(body)");
        execute(session, "CREATE TABLE notes (x INTEGER)");
        execute(session,
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50000) "
                "INSERT INTO words (body) SELECT 'word' || i || ' another' || (i * 7) || ' more' "
                "|| (i * 13) FROM n");
    });

    EXPECT_NO_THROW(database.write_transaction([](soci::session& session) {
        execute(session, "INSERT INTO notes (x) VALUES (1)");
        execute(session, "DELETE FROM words");
    }));
    database.with_session([](soci::session& session) {
        EXPECT_EQ(as_integer(query(session, "SELECT count(*) FROM words").at(0).at(0)), 0);
        EXPECT_EQ(as_integer(query(session, "SELECT count(*) FROM notes").at(0).at(0)), 1);
    });
}

}  // namespace
}  // namespace rapport::db
