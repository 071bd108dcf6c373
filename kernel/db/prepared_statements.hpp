// Prepared statements kept per database connection and reused across calls: SQLite
// statements compiled once, PostgreSQL statements prepared once (then one round trip per
// execution). Each connection is used by one thread at a time (the pool's lease).
#pragma once

#include <string>
#include <string_view>

struct pg_conn;
namespace soci {
class session;
}
namespace sqlite_api {
struct sqlite3;
struct sqlite3_stmt;
}  // namespace sqlite_api

namespace rapport::db {

// The statement for `sql` on this connection, prepared on first use.
sqlite_api::sqlite3_stmt* sqlite_statement(sqlite_api::sqlite3* connection, std::string_view sql);
// The name of the prepared statement for `sql` (with :name placeholders) on this connection.
const std::string& postgresql_statement(pg_conn* connection, std::string_view sql, int parameters);

// Drops a session's statements; must run before its connection closes.
void forget_prepared_statements(soci::session& session);

// ":name" placeholders in order become "$1", "$2", …; quoted text is left alone.
std::string numbered_placeholders(std::string_view sql);

}  // namespace rapport::db
