#include "db/sqlite_checkpointer.hpp"

#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <spdlog/spdlog.h>

namespace rapport::db {
namespace {

using namespace sqlite_api;

sqlite3* handle(void* connection) {
    return static_cast<sqlite3*>(connection);
}

sqlite3* handle_of(soci::session& session) {
    return static_cast<soci::sqlite3_session_backend*>(session.get_backend())->conn_;
}

}  // namespace

// Read inside every commit: a lock there would be a second one for the writers to take.
static_assert(std::atomic<SqliteCheckpointer::LogProgress>::is_always_lock_free);

struct SqliteCheckpointer::CommitHook {
    static int on_commit(void* self, sqlite3* connection, const char* database, int pages) {
        auto& checkpointer = *static_cast<SqliteCheckpointer*>(self);
        if (copies_in_the_commit(pages, checkpointer.last_checkpoint_.load(),
                                 checkpointer.thresholds_)) {
            int log_pages = 0;
            int copied_pages = 0;
            if (sqlite3_wal_checkpoint_v2(connection, database, SQLITE_CHECKPOINT_PASSIVE,
                                          &log_pages, &copied_pages) == SQLITE_OK) {
                checkpointer.last_checkpoint_.store({log_pages, copied_pages});
            }
        } else {
            checkpointer.committed(pages);
        }
        return SQLITE_OK;
    }
};

SqliteCheckpointer::SqliteCheckpointer(soci::session& connection, CheckpointThresholds thresholds)
    : connection_(handle_of(connection)), thresholds_(thresholds), thread_([this] { run(); }) {}

SqliteCheckpointer::~SqliteCheckpointer() {
    {
        const std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
}

void SqliteCheckpointer::watch(soci::session& session) {
    // Replaces the automatic checkpoint.
    sqlite3_wal_hook(handle_of(session), &CommitHook::on_commit, this);
}

// Under a steady stream of writes the thread's checkpoints copy what was committed when they
// began and never find the log fully copied, which the log needs to start over: past
// `start_over`, the committing connection copies what is left itself, as SQLite's automatic
// checkpoint would. Only when little is left, though: the last commit of a CSV import holds
// 20,000 pages, which took it 0.25-0.5 s to copy while the import waited, where the thread copies
// them beside the next batch. Past `most`, it copies whatever is left.
bool SqliteCheckpointer::copies_in_the_commit(int pages, LogProgress last,
                                              const CheckpointThresholds& thresholds) noexcept {
    if (pages < thresholds.start_over) {
        return false;
    }
    // A log shorter than at the last checkpoint has started over since.
    const int left = pages < last.log_pages ? pages : pages - last.copied_pages;
    return left <= thresholds.ask || pages >= thresholds.most;
}

// On the committing thread, inside its COMMIT. One checkpoint for each threshold's worth of
// pages the log grew by: one for every commit past the threshold, as SQLite's automatic
// checkpoint runs, would keep the thread copying a few frames at a time and paying two
// fdatasyncs for each.
void SqliteCheckpointer::committed(int pages) noexcept {
    int last = requested_at_.load(std::memory_order_relaxed);
    if (pages < thresholds_.ask) {  // the log started over since the last request, if any
        if (last != 0) {
            requested_at_.compare_exchange_strong(last, 0);
        }
        return;
    }
    // Every commit adds frames, so a log no longer than at the last request has started over.
    const bool log_grew = pages <= last || pages - last >= thresholds_.ask;
    if (log_grew && requested_at_.compare_exchange_strong(last, pages)) {
        request();
    }
}

void SqliteCheckpointer::request() noexcept {
    {
        const std::lock_guard lock(mutex_);
        requested_ = true;
    }
    wake_.notify_one();
}

void SqliteCheckpointer::run() {
    std::unique_lock lock(mutex_);
    while (true) {
        wake_.wait(lock, [this] { return stopping_ || requested_; });
        if (stopping_) {
            return;
        }
        requested_ = false;
        lock.unlock();
        int log_pages = 0;
        int copied_pages = 0;
        const int result = sqlite3_wal_checkpoint_v2(
            handle(connection_), nullptr, SQLITE_CHECKPOINT_PASSIVE, &log_pages, &copied_pages);
        if (result == SQLITE_OK) {
            last_checkpoint_.store({log_pages, copied_pages});
        } else if (result == SQLITE_BUSY) {  // another checkpoint ran: the next commit asks again
            requested_at_ = 0;
        } else {
            spdlog::warn("checkpointing the SQLite log failed: {}",
                         sqlite3_errmsg(handle(connection_)));
        }
        lock.lock();
    }
}

}  // namespace rapport::db
