#include "db/prepared_statements.hpp"

#include "db/database_error.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <cctype>
#include <libpq-fe.h>
#include <memory>
#include <mutex>
#include <unordered_map>

namespace rapport::db {
namespace {

using namespace sqlite_api;

// Queries differ by their filters, so the set of distinct statements is open-ended: past
// this many a connection starts over.
constexpr std::size_t max_statements = 256;

struct SqliteCache {
    std::unordered_map<std::string, sqlite3_stmt*> statements;
    void clear() {
        for (auto& [sql, statement] : statements) {
            sqlite3_finalize(statement);
        }
        statements.clear();
    }
    ~SqliteCache() { clear(); }
};

struct PostgresqlCache {
    std::unordered_map<std::string, std::string> names;
    std::size_t next = 0;
};

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
    const std::string key(sql);
    if (const auto it = cache.statements.find(key); it != cache.statements.end()) {
        return it->second;
    }
    if (cache.statements.size() >= max_statements) {
        cache.clear();
    }
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v3(connection, key.c_str(), static_cast<int>(key.size()),
                           SQLITE_PREPARE_PERSISTENT, &statement, nullptr) != SQLITE_OK) {
        throw DatabaseError(std::string(sqlite3_errmsg(connection)) + " while preparing \"" + key +
                            "\"");
    }
    cache.statements.emplace(key, statement);
    return statement;
}

const std::string& postgresql_statement(pg_conn* connection, std::string_view sql, int parameters) {
    auto& cache = cache_for(postgresql_caches, connection);
    const std::string key(sql);
    if (const auto it = cache.names.find(key); it != cache.names.end()) {
        return it->second;
    }
    if (cache.names.size() >= max_statements) {
        PQclear(PQexec(connection, "DEALLOCATE ALL"));
        cache.names.clear();
    }
    std::string name = "rapport_" + std::to_string(cache.next++);
    PGresult* result = PQprepare(connection, name.c_str(), numbered_placeholders(sql).c_str(),
                                 parameters, nullptr);
    const bool prepared = PQresultStatus(result) == PGRES_COMMAND_OK;
    const std::string message = prepared ? "" : PQresultErrorMessage(result);
    PQclear(result);
    if (!prepared) {
        throw DatabaseError(message + " while preparing \"" + key + "\"");
    }
    return cache.names.emplace(key, std::move(name)).first->second;
}

void forget_prepared_statements(soci::session& session) {
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
