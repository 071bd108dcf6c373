#include "db/database.hpp"

#include "db/database_error.hpp"
#include "db/database_url.hpp"
#include "db/prepared_statements.hpp"
#include "db/sqlite_checkpointer.hpp"
#include "db/statement.hpp"
#include "db/transaction.hpp"

#include <soci/connection-pool.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <spdlog/spdlog.h>

#include <filesystem>
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
    execute(*open.session, "SAVEPOINT " + savepoint);
    try {
        work(*open.session);
    } catch (...) {
        execute(*open.session, "ROLLBACK TO SAVEPOINT " + savepoint);
        open.after_commit.resize(queued);
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
        transaction.commit();
    } catch (...) {
        std::erase(open_transactions, &open);
        throw;
    }
    std::erase(open_transactions, &open);
}

void open_connection(soci::session& session, const DatabaseUrl& url, const Dialect& dialect,
                     const ConnectionSettings& settings) {
    if (url.backend == Backend::sqlite) {
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
            try {
                open_connection(pool.at(i), url, dialect, settings);
            } catch (const std::exception& error) {
                throw DatabaseError("cannot open database " + redacted + ": " + error.what());
            }
        }
        if (url.backend == Backend::sqlite) {
            checkpointer =
                std::make_unique<SqliteCheckpointer>(url.target, settings.busy_timeout_ms);
            for (std::size_t i = 0; i < size; ++i) {
                checkpointer->watch(pool.at(i));
            }
            ready(sqlite_writer_session);
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
    void run_bulk(OpenTransaction& open, const std::function<void(soci::session&)>& work) {
        constexpr long long cache_kib = 256 * 1024;
        try {
            execute(*open.session, "PRAGMA cache_size = -" + std::to_string(cache_kib));
            run_outermost(open, work);
        } catch (...) {
            reopen(*open.session);
            throw;
        }
        reopen(*open.session);
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
        open_connection(session, url, dialect, settings);
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
    // On SQLite; declared before the connections, whose commits it serves.
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
    soci::session session(impl_->pool);
    work(impl_->ready(session));
}

void Database::write_transaction(const std::function<void(soci::session&)>& work, WriteSize size) {
    if (auto* open = open_transaction_of(this)) {
        run_nested(*open, work);
        return;
    }
    std::unique_lock<std::mutex> writing;
    std::optional<soci::session> leased;
    soci::session* session = nullptr;
    if (impl_->url.backend == Backend::sqlite) {
        writing = std::unique_lock(impl_->sqlite_writer);
        session = &impl_->ready(impl_->sqlite_writer_session);
    } else {
        session = &impl_->ready(leased.emplace(impl_->pool));
    }
    OpenTransaction open{this, session, {}};
    // If `work` throws, rolled back; then `writing` lets the next writer in.
    if (writing && size == WriteSize::bulk) {
        impl_->run_bulk(open, work);
    } else {
        run_outermost(open, work);
    }
    if (writing) {
        writing.unlock();  // after-commit tasks may write
    }
    run_after_commit(std::move(open.after_commit));
}

void Database::after_commit(std::function<void()> task) {
    if (auto* open = open_transaction_of(this)) {
        open->after_commit.push_back(std::move(task));
        return;
    }
    run_after_commit({std::move(task)});
}

}  // namespace rapport::db
