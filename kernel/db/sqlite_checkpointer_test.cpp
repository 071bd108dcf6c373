#include "db/sqlite_checkpointer.hpp"

#include "db/database.hpp"
#include "db/statement.hpp"
#include "temp_dir.hpp"

#include <gtest/gtest.h>
#include <soci/soci.h>

#include <chrono>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <thread>

namespace rapport::db {
namespace {

// Where a SQLite log stands, read from its wal-index (the -shm file) without touching the
// database: how many frames the log holds, and how many of them a checkpoint has copied into
// the database (https://www.sqlite.org/walformat.html: the header's mxFrame at byte 16, the
// checkpoint information's nBackfill at byte 96, both in native byte order).
struct LogState {
    std::uint32_t frames = 0;
    std::uint32_t copied = 0;
};

LogState log_state(const std::filesystem::path& database_file) {
    std::ifstream shm(database_file.string() + "-shm", std::ios::binary);
    char bytes[100] = {};
    shm.read(bytes, sizeof bytes);
    LogState state;
    std::memcpy(&state.frames, bytes + 16, sizeof state.frames);
    std::memcpy(&state.copied, bytes + 96, sizeof state.copied);
    return state;
}

// SQLite's own checkpoint ran inside the commit that filled the log; Rapport's runs on a thread
// of its own. Without it the log would grow until the committing connection's fallback at
// 10,000 pages.
TEST(SqliteCheckpointer, CopiesAFullLogIntoTheDatabaseSoThatTheLogStartsOver) {
    const testing::TempDir dir;
    const auto file = dir.path() / "rapport.db";
    Database database("sqlite:" + file.string(), {2, 1000});
    const auto automatic_checkpoint = [](soci::session& session) {
        return as_integer(query(session, "PRAGMA wal_autocheckpoint").at(0).at(0));
    };
    database.write_transaction([&](soci::session& session) {
        EXPECT_EQ(automatic_checkpoint(session), 0) << "the writer checkpoints on its own";
        execute(session, "CREATE TABLE t (x BLOB NOT NULL)");
    });
    database.with_session([&](soci::session& session) {
        EXPECT_EQ(automatic_checkpoint(session), 0) << "a pooled connection checkpoints on its own";
    });
    int rows = 0;
    const auto insert = [&] {
        database.write_transaction([](soci::session& session) {
            execute(session, "INSERT INTO t (x) VALUES (randomblob(3000))");  // a page or more
        });
        ++rows;
    };

    // Twice: the second time the log has started over, and is checkpointed at 1,000 pages again.
    for (int cycle = 0; cycle < 2; ++cycle) {
        while (log_state(file).frames < 1000 && rows < 10000) {
            insert();
        }
        ASSERT_GE(log_state(file).frames, 1000U);
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (log_state(file).copied < log_state(file).frames &&
               std::chrono::steady_clock::now() < deadline) {
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        const auto full = log_state(file);
        EXPECT_EQ(full.copied, full.frames) << "no checkpoint copied the log, cycle " << cycle;

        insert();
        EXPECT_LT(log_state(file).frames, 10U) << "the next write did not start the log over";
    }
    database.with_session([&](soci::session& session) {
        EXPECT_EQ(as_integer(query(session, "SELECT count(*) FROM t").at(0).at(0)), rows);
    });
}

// Which commits copy the rest of the log themselves, so that it can start over: with little
// left, past the point where the log should start over; with anything left, past the most it
// may hold. A big commit (a CSV import's) in between leaves its pages to the thread.
TEST(SqliteCheckpointer, ACommitCopiesTheLogItselfOnlyWhenLittleIsLeftOrTheLogIsFull) {
    const CheckpointThresholds thresholds{1000, 10'000, 100'000};
    const auto copies = [&](int pages, int log_pages, int copied_pages) {
        return SqliteCheckpointer::copies_in_the_commit(pages, {log_pages, copied_pages},
                                                        thresholds);
    };
    EXPECT_FALSE(copies(9'999, 9'000, 9'000)) << "short of the point to start over";
    EXPECT_TRUE(copies(10'000, 9'000, 9'000)) << "1,000 pages left";
    EXPECT_FALSE(copies(10'500, 9'000, 8'000)) << "2,500 pages left";
    EXPECT_FALSE(copies(30'000, 10'000, 10'000)) << "a commit of 20,000 pages";
    EXPECT_TRUE(copies(100'000, 80'000, 80'000)) << "the log is full";
    EXPECT_FALSE(copies(12'000, 40'000, 40'000)) << "started over since: 12,000 pages left";
}

}  // namespace
}  // namespace rapport::db
