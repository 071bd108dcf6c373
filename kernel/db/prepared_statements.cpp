#include "db/prepared_statements.hpp"

#include "db/database_error.hpp"
#include "db/statement_cache.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <cctype>
#include <libpq-fe.h>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace rapport::db {
namespace {

using namespace sqlite_api;

// Per connection: enough for every statement the kernel and plugins run on every request.
constexpr std::size_t max_statements = 256;

void finalize(sqlite3_stmt* statement) {
    sqlite3_finalize(statement);
}

struct SqliteCache {
    StatementCache<sqlite3_stmt*> statements{max_statements};
    ~SqliteCache() { statements.clear(finalize); }
};

struct PostgresqlCache {
    StatementCache<std::string> names{max_statements};  // of the server's prepared statements
    std::size_t next = 0;
    // Dropped while the transaction had failed, when the server refuses DEALLOCATE until its
    // ROLLBACK: deallocated at the next statement.
    std::vector<std::string> stale;
};

bool transaction_failed(pg_conn* connection) {
    return PQtransactionStatus(connection) == PQTRANS_INERROR;
}

void deallocate(pg_conn* connection, const std::string& name) {
    PQclear(PQexec(connection, ("DEALLOCATE " + name).c_str()));
}

// One registry for all connections; the lock covers only the map lookup, since a
// connection's own cache is used by the one thread holding its lease.
std::mutex registry_mutex;
std::unordered_map<const void*, std::unique_ptr<SqliteCache>> sqlite_caches;
std::unordered_map<const void*, std::unique_ptr<PostgresqlCache>> postgresql_caches;

template <typename Cache>
Cache& cache_for(std::unordered_map<const void*, std::unique_ptr<Cache>>& caches,
                 const void* connection) {
    std::lock_guard lock(registry_mutex);
    auto& cache = caches[connection];
    if (!cache) {
        cache = std::make_unique<Cache>();
    }
    return *cache;
}

}  // namespace

sqlite3_stmt* sqlite_statement(sqlite3* connection, std::string_view sql) {
    auto& cache = cache_for(sqlite_caches, connection);
    const auto prepare = [connection](std::string_view text) {
        sqlite3_stmt* statement = nullptr;
        if (sqlite3_prepare_v3(connection, text.data(), static_cast<int>(text.size()),
                               SQLITE_PREPARE_PERSISTENT, &statement, nullptr) != SQLITE_OK) {
            throw DatabaseError(std::string(sqlite3_errmsg(connection)) + " while preparing \"" +
                                std::string(text) + "\"");
        }
        return statement;
    };
    return cache.statements.get(sql, prepare, finalize);
}

const std::string& postgresql_statement(pg_conn* connection, std::string_view sql, int parameters) {
    auto& cache = cache_for(postgresql_caches, connection);
    if (!cache.stale.empty() && !transaction_failed(connection)) {
        for (const auto& name : cache.stale) {
            deallocate(connection, name);
        }
        cache.stale.clear();
    }
    const auto prepare = [&](std::string_view text) {
        std::string name = "rapport_" + std::to_string(cache.next++);
        PGresult* result = PQprepare(connection, name.c_str(), numbered_placeholders(text).c_str(),
                                     parameters, nullptr);
        const bool prepared = PQresultStatus(result) == PGRES_COMMAND_OK;
        const std::string message = prepared ? "" : PQresultErrorMessage(result);
        PQclear(result);
        if (!prepared) {
            throw DatabaseError(message + " while preparing \"" + std::string(text) + "\"");
        }
        return name;
    };
    const auto drop = [&](const std::string& name) {
        if (transaction_failed(connection)) {
            cache.stale.push_back(name);
        } else {
            deallocate(connection, name);
        }
    };
    return cache.names.get(sql, prepare, drop);
}

void forget_prepared_statements(soci::session& session) {
    if (session.get_backend() == nullptr) {  // closed, or never opened: nothing to forget
        return;
    }
    const void* connection = nullptr;
    if (session.get_backend_name() == "postgresql") {
        connection = static_cast<soci::postgresql_session_backend*>(session.get_backend())->conn_;
    } else {
        connection = static_cast<soci::sqlite3_session_backend*>(session.get_backend())->conn_;
    }
    std::lock_guard lock(registry_mutex);
    sqlite_caches.erase(connection);
    postgresql_caches.erase(connection);
}

std::string numbered_placeholders(std::string_view sql) {
    std::string out;
    out.reserve(sql.size());
    char quote = 0;
    int number = 0;
    for (std::size_t i = 0; i < sql.size(); ++i) {
        const char c = sql[i];
        if (quote) {
            quote = c == quote ? 0 : quote;  // a doubled quote closes and reopens: same result
            out.push_back(c);
        } else if (c == '\'' || c == '"') {
            quote = c;
            out.push_back(c);
        } else if (c == ':' && i + 1 < sql.size() &&
                   (std::isalpha(static_cast<unsigned char>(sql[i + 1])) || sql[i + 1] == '_') &&
                   (i == 0 || sql[i - 1] != ':')) {
            out += "$" + std::to_string(++number);
            while (i + 1 < sql.size() &&
                   (std::isalnum(static_cast<unsigned char>(sql[i + 1])) || sql[i + 1] == '_')) {
                ++i;
            }
        } else {
            out.push_back(c);
        }
    }
    return out;
}

}  // namespace rapport::db
