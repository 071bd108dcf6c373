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

class SqliteCheckpointer {
  public:
    // Checkpoints through `connection`, a connection of its own to the database, set up like
    // the others (in WAL mode, which a connection must know of to checkpoint), which it uses
    // alone and which must outlive it.
    explicit SqliteCheckpointer(soci::session& connection);
    // Stops the thread. The log's last frames are checkpointed when the last connection closes.
    ~SqliteCheckpointer();
    SqliteCheckpointer(const SqliteCheckpointer&) = delete;
    SqliteCheckpointer& operator=(const SqliteCheckpointer&) = delete;

    // From now on, `session`'s commits ask this thread for a checkpoint once the log holds
    // SQLite's default threshold of pages, instead of running one themselves.
    void watch(soci::session& session);

  private:
    struct CommitHook;  // what SQLite calls after each commit of a watched connection
    void committed(int pages) noexcept;
    void request() noexcept;
    void run();

    void* connection_ = nullptr;         // sqlite3*
    std::atomic<int> requested_at_ = 0;  // the log's size in pages at the last request
    std::mutex mutex_;
    std::condition_variable wake_;
    bool requested_ = false;
    bool stopping_ = false;
    std::thread thread_;  // last: it starts once the rest is ready
};

}  // namespace rapport::db
