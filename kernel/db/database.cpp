#include "db/database.hpp"

#include "db/database_error.hpp"
#include "db/database_url.hpp"
#include "db/prepared_statements.hpp"
#include "db/sqlite_checkpointer.hpp"
#include "db/statement.hpp"
#include "db/transaction.hpp"

#include <rapport/sdk/error.hpp>

#include <soci/connection-pool.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <exception>
#include <filesystem>
#include <iterator>
#include <mutex>
#include <optional>
#include <vector>

namespace rapport::db {
namespace {

// The write transaction a thread has open on a database, which nested calls join.
struct OpenTransaction {
    const Database* database;
    soci::session* session;
    std::vector<std::function<void()>> after_commit;
    std::vector<std::function<void(soci::session&)>> before_commit;
    unsigned savepoints = 0;
};

// Usually empty or one entry; tests hold two databases on one thread.
thread_local std::vector<OpenTransaction*> open_transactions;

OpenTransaction* open_transaction_of(const Database* database) {
    for (auto* open : open_transactions) {
        if (open->database == database) {
            return open;
        }
    }
    return nullptr;
}

OpenTransaction* open_transaction_on(const soci::session* session) {
    for (auto* open : open_transactions) {
        if (open->session == session) {
            return open;
        }
    }
    return nullptr;
}

// By index, each moved out before it runs: a task may queue another.
void run_before_commit(soci::session& session,
                       std::vector<std::function<void(soci::session&)>>& tasks) {
    for (std::size_t i = 0; i < tasks.size(); ++i) {
        const auto task = std::move(tasks[i]);
        task(session);
    }
}

void run_after_commit(std::vector<std::function<void()>> tasks) {
    for (auto& task : tasks) {
        try {
            task();
        } catch (const std::exception& error) {
            spdlog::error("after commit: {}", error.what());
        }
    }
}

// Joins an open transaction: a savepoint undoes only the nested work when it throws.
void run_nested(OpenTransaction& open, const std::function<void(soci::session&)>& work) {
    const std::string savepoint = "rapport_nested_" + std::to_string(++open.savepoints);
    const std::size_t queued = open.after_commit.size();
    const std::size_t queued_before = open.before_commit.size();
    execute(*open.session, "SAVEPOINT " + savepoint);
    try {
        work(*open.session);
    } catch (...) {
        execute(*open.session, "ROLLBACK TO SAVEPOINT " + savepoint);
        open.after_commit.resize(queued);
        open.before_commit.resize(queued_before);
        throw;
    }
    execute(*open.session, "RELEASE SAVEPOINT " + savepoint);
}

// Runs `work` in a transaction on `open`'s session, which nested calls on this thread join,
// and commits it; rolls back and rethrows if `work` or the commit throws.
void run_outermost(OpenTransaction& open, const std::function<void(soci::session&)>& work) {
    Transaction transaction(*open.session, open.database->dialect());
    open_transactions.push_back(&open);
    try {
        work(*open.session);
        run_before_commit(*open.session, open.before_commit);
        transaction.commit();
    } catch (...) {
        std::erase(open_transactions, &open);
        throw;
    }
    std::erase(open_transactions, &open);
}

// A pooled connection for as long as a scope runs. Taken by its position in the pool rather
// than through a soci::session made from the pool, whose construction (an ostringstream and
// its locale) cost a read by id more than a hundredth of its time.
class Lease {
  public:
    explicit Lease(soci::connection_pool& pool) : pool_(pool), position_(pool.lease()) {}
    ~Lease() { pool_.give_back(position_); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;

    soci::session& session() { return pool_.at(position_); }

  private:
    soci::connection_pool& pool_;
    std::size_t position_;
};

// Group commit on SQLite. Writers that queue for the write lock while one writes join its
// transaction, each under a savepoint, and the last of the queue commits them all. A commit
// writes every page the transaction changed to the log (the table's and its indexes' pages,
// the audit log's, the search index's segment), and a group shares the pages its changes have
// in common: most of what a small write costs. Every member waits for the commit before it
// returns, so a client is answered only once its change is committed, and runs its work on its
// own thread. A member whose work throws undoes it alone; a commit that fails fails them all.
struct WriteGroup {
    // Run before COMMIT, after every member's work, in the order queued.
    std::vector<std::function<void(soci::session&)>> before_commit;
    std::size_t members = 0;
    std::chrono::steady_clock::time_point first_done;  // when its first member's work ended
    std::exception_ptr error;                          // when it did not commit; set before `ended`
    // Waited on without the write lock, which the next writers want.
    std::atomic<bool> ended = false;
};

// Bounds on how long a group's first member waits, once its work is done, for those behind.
constexpr std::size_t max_group_members = 16;
constexpr auto max_group_time = std::chrono::milliseconds(5);

bool waited_enough(const WriteGroup& group, std::chrono::steady_clock::time_point now) {
    return group.members >= max_group_members || now - group.first_done >= max_group_time;
}

std::exception_ptr thrown_by(const std::function<void(soci::session&)>& work,
                             soci::session& session) {
    try {
        work(session);
    } catch (...) {
        return std::current_exception();
    }
    return nullptr;
}

// A member after the first: its work under a savepoint, which undoes that work alone when it
// throws. Returns what the work threw; throws what a savepoint statement throws.
std::exception_ptr run_member(const std::function<void(soci::session&)>& work,
                              soci::session& session) {
    execute(session, "SAVEPOINT rapport_group_member");
    auto failure = thrown_by(work, session);
    if (!sqlite_in_transaction(session)) {
        return failure;  // the caller ends the group
    }
    if (failure) {
        execute(session, "ROLLBACK TO SAVEPOINT rapport_group_member");
    }
    execute(session, "RELEASE SAVEPOINT rapport_group_member");
    return failure;
}

// Before SQLite's first use in the process; later calls change nothing (SQLITE_MISUSE). A
// connection here is used by one thread at a time (the pool leases it, the grouped writer holds
// its lock), so SQLite's own per-connection mutexes (multi-thread mode instead of serialized)
// and its global count of allocated memory, a mutex taken on every allocation, are not needed.
void configure_sqlite_once() {
    static std::once_flag once;
    std::call_once(once, [] {
        using namespace sqlite_api;  // SOCI includes sqlite3.h inside this namespace
        sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
        sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    });
}

void open_connection(soci::session& session, const DatabaseUrl& url, const Dialect& dialect,
                     const ConnectionSettings& settings) {
    if (url.backend == Backend::sqlite) {
        configure_sqlite_once();
        // SOCI's own busy timeout is in whole seconds; the dialect sets the precise one.
        session.open(soci::sqlite3, "db=\"" + url.target + "\"");
    } else {
        session.open(soci::postgresql, url.target);
    }
    for (const auto& statement : dialect.connection_setup(settings)) {
        session << statement;
    }
}

}  // namespace

struct Database::Impl {
    Impl(std::string_view url_text, const DatabaseOptions& options)
        : url(parse_database_url(url_text))
        , redacted(redact_database_url(url_text))
        , dialect(dialect_for(url.backend))
        , settings{options.busy_timeout_ms}
        , pool(std::max(1u, options.pool_size))
        , size(std::max(1u, options.pool_size)) {
        if (url.backend == Backend::sqlite) {
            const auto parent = std::filesystem::path(url.target).parent_path();
            if (!parent.empty() && !std::filesystem::is_directory(parent)) {
                throw DatabaseError("cannot open database " + redacted + ": directory " +
                                    parent.string() + " does not exist");
            }
        }
        for (std::size_t i = 0; i < std::max(1u, options.pool_size); ++i) {
            open_at_start(pool.at(i));
        }
        if (url.backend == Backend::sqlite) {
            open_at_start(checkpoint_session);
            checkpointer = std::make_unique<SqliteCheckpointer>(checkpoint_session);
            for (std::size_t i = 0; i < size; ++i) {
                checkpointer->watch(pool.at(i));
            }
            ready(sqlite_writer_session);
        }
    }

    void open_at_start(soci::session& session) {
        try {
            open_connection(session, url, dialect, settings);
        } catch (const std::exception& error) {
            throw DatabaseError("cannot open database " + redacted + ": " + error.what());
        }
    }

    ~Impl() {
        for (std::size_t i = 0; i < size; ++i) {
            forget_prepared_statements(pool.at(i));
        }
        forget_prepared_statements(sqlite_writer_session);
    }

    // A pooled connection, closed and opened again before it goes back to the pool. If that
    // fails it goes back closed, and its next lease opens it (ready()).
    void reopen(soci::session& session) noexcept {
        try {
            forget_prepared_statements(session);
            session.close();
            open(session);
        } catch (const std::exception& error) {
            spdlog::error("reopening a connection to {} failed: {}", redacted, error.what());
            close_quietly(session);
        }
    }

    // A bulk write on SQLite (WriteSize::bulk), with a page cache large enough to keep what a
    // batch touches: the default 2 MiB would spill the dirty index pages to the WAL and read
    // them back again and again. Reopening the connection afterwards puts the default back.
    // Foreign key checks are switched off before the transaction (SQLite ignores the pragma
    // inside one); reopening puts them back.
    void run_bulk(OpenTransaction& open, const std::function<void(soci::session&)>& work,
                  WriteSize size) {
        constexpr long long cache_kib = 256 * 1024;
        try {
            execute(*open.session, "PRAGMA cache_size = -" + std::to_string(cache_kib));
            if (size == WriteSize::bulk_with_own_reference_checks) {
                execute(*open.session, "PRAGMA foreign_keys = OFF");
            }
            run_outermost(open, work);
        } catch (...) {
            reopen(*open.session);
            throw;
        }
        reopen(*open.session);
    }

    // An ordinary write on SQLite, with sqlite_writer held by `writing`: joins the open group
    // or opens one, and returns once the group has ended.
    void write_grouped(const Database* database, std::unique_lock<std::mutex>& writing,
                       const std::function<void(soci::session&)>& work) {
        soci::session& session = ready(sqlite_writer_session);
        if (open_group && waited_enough(*open_group, std::chrono::steady_clock::now())) {
            end_group(nullptr);
        }
        const bool first = !open_group;
        if (first) {
            auto group = std::make_shared<WriteGroup>();
            execute(session, dialect.begin_write());
            open_group = std::move(group);
        }
        const auto group = open_group;
        OpenTransaction open{database, &session, {}, {}};
        std::exception_ptr failure;
        // The first member has nothing before it to keep: it needs no savepoint, and when it
        // throws, the transaction rolls back with nobody else in it.
        bool roll_back = first;
        open_transactions.push_back(&open);
        try {
            failure = first ? thrown_by(work, session) : run_member(work, session);
            if (!sqlite_in_transaction(session)) {  // SQLite rolled the group back
                roll_back = true;
                failure = failure ? failure
                                  : std::make_exception_ptr(DatabaseError(
                                        "SQLite rolled the transaction back after an error"));
            }
            if (!failure) {
                group->before_commit.insert(group->before_commit.end(),
                                            std::make_move_iterator(open.before_commit.begin()),
                                            std::make_move_iterator(open.before_commit.end()));
                ++group->members;
            }
        } catch (...) {  // a savepoint statement failed: the transaction is in doubt
            failure = std::current_exception();
            roll_back = true;
        }
        std::erase(open_transactions, &open);
        const auto now = std::chrono::steady_clock::now();
        if (first) {
            group->first_done = now;
        }
        if (failure && roll_back) {
            end_group(failure);
        }
        if (open_group && (sqlite_writers_waiting == 0 || waited_enough(*group, now))) {
            end_group(nullptr);
        }
        if (failure) {
            std::rethrow_exception(failure);
        }
        writing.unlock();
        group->ended.wait(false);
        if (group->error) {
            std::rethrow_exception(group->error);
        }
        run_after_commit(std::move(open.after_commit));
    }

    // Commits the open group, or rolls it back when `error` is set or the commit fails, and
    // tells its members. With sqlite_writer held.
    void end_group(std::exception_ptr error) noexcept {
        const auto group = std::exchange(open_group, nullptr);
        if (!error) {
            try {
                run_before_commit(sqlite_writer_session, group->before_commit);
                execute(sqlite_writer_session, "COMMIT");
            } catch (...) {
                error = std::current_exception();
            }
        }
        if (error && sqlite_in_transaction(sqlite_writer_session)) {
            try {
                execute(sqlite_writer_session, "ROLLBACK");
            } catch (const std::exception& rollback) {
                spdlog::error("rolling back a group of writes failed: {}", rollback.what());
                reopen(sqlite_writer_session);
            }
        }
        group->error = error;
        group->ended = true;
        group->ended.notify_all();
    }

    // A leased connection, opened if a failed reopen left it closed. Throws DatabaseError.
    soci::session& ready(soci::session& session) {
        if (session.get_backend() == nullptr) {
            try {
                open(session);
            } catch (const std::exception& error) {
                close_quietly(session);
                throw DatabaseError("cannot open database " + redacted + ": " + error.what());
            }
        }
        return session;
    }

    void open(soci::session& session) {
        auto connection = settings;
        connection.runs_writes = &session == &sqlite_writer_session;
        open_connection(session, url, dialect, connection);
        if (checkpointer) {
            checkpointer->watch(session);
        }
    }

    static void close_quietly(soci::session& session) noexcept {
        try {
            session.close();
        } catch (const std::exception& error) {
            spdlog::error("closing a database connection failed: {}", error.what());
        }
    }

    DatabaseUrl url;
    std::string redacted;
    const Dialect& dialect;
    ConnectionSettings settings;
    // On SQLite; declared before the connections, whose commits it serves, and after the
    // connection it checkpoints through.
    soci::session checkpoint_session;
    std::unique_ptr<SqliteCheckpointer> checkpointer;
    soci::connection_pool pool;
    std::size_t size;
    // One SQLite writer at a time in this process. SQLite admits one anyway, and a writer that
    // finds its lock taken sleeps in the busy handler (a millisecond at least) where a mutex
    // hands over at once. Writers in other processes still meet the busy timeout.
    std::mutex sqlite_writer;
    // The connection every write transaction on SQLite runs on, guarded by sqlite_writer.
    // Writes take turns anyway, and in WAL mode a connection keeps its page cache only while
    // no other connection has written: a writer that changed with every transaction read each
    // page it touched (the table's and indexes' paths from root to leaf) back from the file.
    soci::session sqlite_writer_session;
    // Writers waiting for sqlite_writer: while there are any, the open group waits for them.
    std::atomic<unsigned> sqlite_writers_waiting = 0;
    std::shared_ptr<WriteGroup> open_group;  // guarded by sqlite_writer
};

Database::Database(std::string_view url, const DatabaseOptions& options)
    : impl_(std::make_unique<Impl>(url, options)) {}

Database::~Database() = default;

Backend Database::backend() const noexcept {
    return impl_->url.backend;
}
const Dialect& Database::dialect() const noexcept {
    return impl_->dialect;
}
const std::string& Database::redacted_url() const noexcept {
    return impl_->redacted;
}
const std::string& Database::connection_target() const noexcept {
    return impl_->url.target;
}

void Database::with_session(const std::function<void(soci::session&)>& work) {
    if (auto* open = open_transaction_of(this)) {
        work(*open->session);
        return;
    }
    Lease lease(impl_->pool);
    work(impl_->ready(lease.session()));
}

void Database::write_transaction(const std::function<void(soci::session&)>& work, WriteSize size) {
    if (auto* open = open_transaction_of(this)) {
        run_nested(*open, work);
        return;
    }
    std::unique_lock<std::mutex> writing;
    std::optional<Lease> leased;
    soci::session* session = nullptr;
    if (impl_->url.backend == Backend::sqlite) {
        ++impl_->sqlite_writers_waiting;
        writing = std::unique_lock(impl_->sqlite_writer);
        --impl_->sqlite_writers_waiting;
        if (size == WriteSize::ordinary) {
            impl_->write_grouped(this, writing, work);
            return;
        }
        if (impl_->open_group) {  // a bulk write runs alone
            impl_->end_group(nullptr);
        }
        session = &impl_->ready(impl_->sqlite_writer_session);
    } else {
        session = &impl_->ready(leased.emplace(impl_->pool).session());
    }
    OpenTransaction open{this, session, {}, {}};
    // If `work` throws, rolled back; then `writing` lets the next writer in.
    if (writing && size != WriteSize::ordinary) {
        impl_->run_bulk(open, work, size);
    } else {
        try {
            run_outermost(open, work);
        } catch (const DatabaseError& error) {
            if (!is_deadlock(error)) {
                throw;
            }
            // PostgreSQL broke a lock cycle with a concurrent transaction by failing this one:
            // nothing of it was written, and the same request would likely pass now.
            throw sdk::Error(sdk::ErrorCode::conflict,
                             "a concurrent change to the same records got in the way: nothing "
                             "was written, try again");
        }
    }
    if (writing) {
        writing.unlock();  // after-commit tasks may write
    }
    run_after_commit(std::move(open.after_commit));
}

void before_commit(soci::session& session, std::function<void(soci::session&)> task) {
    if (auto* open = open_transaction_on(&session)) {
        open->before_commit.push_back(std::move(task));
        return;
    }
    task(session);
}

void Database::after_commit(std::function<void()> task) {
    if (auto* open = open_transaction_of(this)) {
        open->after_commit.push_back(std::move(task));
        return;
    }
    run_after_commit({std::move(task)});
}

}  // namespace rapport::db
