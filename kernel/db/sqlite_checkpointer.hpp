// Checkpoints a SQLite database's write-ahead log on a thread of its own. SQLite's automatic
// checkpoint runs inside the COMMIT that fills the log to its threshold, so about one write in
// a hundred copied the log into the database and waited for two fsyncs while it held the write
// lock: 35 µs of a 200 µs create on average. Here that COMMIT only asks, and this thread copies
// while the next writers write: a PASSIVE checkpoint never blocks them.
#pragma once

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace soci {
class session;
}

namespace rapport::db {

// Sizes of a SQLite log, in pages (of 4 KiB by default), at which its commits act.
struct CheckpointThresholds {
    int ask = 1000;  // ask the thread to copy the log (SQLite's own wal_autocheckpoint)
    // The committing connection copies what is left itself, if no more than `ask` pages, so
    // that the log starts over (SqliteCheckpointer::copies_in_the_commit).
    int start_over = 10 * ask;
    int most = 100 * ask;  // ... and here whatever is left
};

class SqliteCheckpointer {
  public:
    // Checkpoints through `connection`, a connection of its own to the database, set up like
    // the others (in WAL mode, which a connection must know of to checkpoint), which it uses
    // alone and which must outlive it.
    explicit SqliteCheckpointer(soci::session& connection, CheckpointThresholds thresholds = {});
    // Stops the thread. The log's last frames are checkpointed when the last connection closes.
    ~SqliteCheckpointer();
    SqliteCheckpointer(const SqliteCheckpointer&) = delete;
    SqliteCheckpointer& operator=(const SqliteCheckpointer&) = delete;

    // The log as a checkpoint left it: its size and how many of its pages are copied.
    struct LogProgress {
        int log_pages = 0;
        int copied_pages = 0;
    };
    // Whether a commit that left the log at `pages` copies what is left of it itself, the
    // last checkpoint having left it at `last` (the rule is explained where it is defined).
    static bool copies_in_the_commit(int pages, LogProgress last,
                                     const CheckpointThresholds& thresholds) noexcept;

    // From now on, `session`'s commits ask this thread for a checkpoint once the log holds
    // SQLite's default threshold of pages, instead of running one themselves.
    void watch(soci::session& session);

  private:
    struct CommitHook;  // what SQLite calls after each commit of a watched connection
    void committed(int pages) noexcept;
    void request() noexcept;
    void run();

    void* connection_ = nullptr;  // sqlite3*
    CheckpointThresholds thresholds_;
    std::atomic<int> requested_at_ = 0;         // the log's size in pages at the last request
    std::atomic<LogProgress> last_checkpoint_;  // both numbers of the same checkpoint
    std::mutex mutex_;
    std::condition_variable wake_;
    bool requested_ = false;
    bool stopping_ = false;
    std::thread thread_;  // last: it starts once the rest is ready
};

}  // namespace rapport::db
