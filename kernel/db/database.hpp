// The database of a Rapport instance: a pool of SOCI sessions on SQLite or PostgreSQL (on
// SQLite one more, which every write transaction runs on), and the one way to run a
// transaction. Call it from worker threads only: it blocks.
#pragma once

#include "db/backend.hpp"
#include "db/dialect.hpp"

#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace soci {
class session;
}

namespace rapport::db {

// What a write transaction writes. On SQLite ordinary ones are committed in groups (see
// write_transaction), and a bulk one (a batch of an import, a schema migration) runs alone,
// with a 256 MiB page cache, and leaves its connection to be reopened before anyone else uses it:
// FTS5 keeps a hash of pending terms per connection, sized for the largest transaction the
// connection ran and never shrunk, and scans all of it at every later flush. After a
// 20,000-row import, every small change on that connection took about 85 µs more (sqlite3
// alone: 65 → 155 µs a transaction).
// bulk_with_own_reference_checks is bulk without SQLite's foreign key checks, a lookup of the
// parent for every row inserted: the work must itself find, inside its transaction, every
// record its rows refer to. An import batch does, a sorted lookup per 500 ids, which costs a
// fraction of SQLite's per-row checks. PostgreSQL checks foreign keys either way. Whatever
// runs inside such a transaction (a nested write_transaction, a before_commit task) runs
// without them too.
enum class WriteSize { ordinary, bulk, bulk_with_own_reference_checks };

struct DatabaseOptions {
    unsigned pool_size = 4;
    unsigned busy_timeout_ms = 5000;
};

class Database {
  public:
    // Opens every pooled connection up front, so a bad URL or an unreachable server fails at
    // start-up. Throws DatabaseError with the redacted URL and the driver's reason.
    Database(std::string_view url, const DatabaseOptions& options);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    Backend backend() const noexcept;
    const Dialect& dialect() const noexcept;
    const std::string& redacted_url() const noexcept;
    // The libpq connection string or SQLite path, password included: for connections the pool
    // cannot provide (a LISTEN that waits), never for logs.
    const std::string& connection_target() const noexcept;

    // `work` gets a pooled session with no transaction open: each statement commits alone.
    // Inside a write transaction of this thread, it gets that transaction's session instead,
    // so it sees what the transaction wrote.
    void with_session(const std::function<void(soci::session&)>& work);
    // `work` runs inside a write transaction, committed when it returns and rolled back when
    // it throws (the exception propagates). Called while this thread already has one open
    // (an action's handler creating records), it joins it under a savepoint: what `work`
    // wrote is undone if it throws, and everything commits with the outermost transaction.
    // On SQLite, ordinary writes that queue for the write lock while another writes share its
    // transaction, each under a savepoint, and commit together: a commit that fails (a full
    // disk) fails every write of its group; nothing of them is kept, and each throws.
    void write_transaction(const std::function<void(soci::session&)>& work,
                           WriteSize size = WriteSize::ordinary);
    // Runs `task` once the outermost write transaction of this thread commits (never when it
    // rolls back, nor when the savepoint it was queued under does), or now when none is open.
    // What `task` throws is logged: the change has committed and stays.
    void after_commit(std::function<void()> task);

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Runs `task` in the write transaction open on `session` in this thread just before it commits,
// after everything else it wrote (on SQLite, after every write of its group), or now when none
// is open. For writes that cost less done together: FTS5 writes a segment of its index at
// every savepoint it has pending rows at. Dropped when the savepoint it was queued under rolls
// back; what it throws rolls the transaction back. A task runs statements on the session it is
// given and calls nothing else of the Database: in a group it runs outside every write's own
// transaction.
void before_commit(soci::session& session, std::function<void(soci::session&)> task);

}  // namespace rapport::db
