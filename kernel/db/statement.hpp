// Runs parameterised SQL on a session with values bound in placeholder order (`:p1`, `:p2`,
// …; any names work, order is what counts). SQL text never carries values.
#pragma once

#include "db/sql_value.hpp"

#include <initializer_list>
#include <span>
#include <string_view>
#include <vector>

namespace soci {
class session;
}

namespace rapport::db {

using Row = std::vector<SqlValue>;

void execute(soci::session& session, std::string_view sql, std::span<const SqlValue> params = {});
std::vector<Row> query(soci::session& session, std::string_view sql,
                       std::span<const SqlValue> params = {});

// Runs `insert`, an INSERT of one row into a table with an `id` key and no RETURNING clause,
// and returns the row's id. SQLite gives it from the connection (sqlite3_last_insert_rowid):
// a RETURNING clause there builds a temporary table for every statement. PostgreSQL returns
// it with the row.
long long insert_returning_id(soci::session& session, std::string_view insert,
                              std::span<const SqlValue> params);

// Whether an open SQLite connection is inside a transaction: SQLite ends one itself after
// some errors (a full disk, an I/O error). False for a closed one.
bool sqlite_in_transaction(soci::session& session);

inline void execute(soci::session& session, std::string_view sql,
                    std::initializer_list<SqlValue> params) {
    execute(session, sql, std::span<const SqlValue>(params.begin(), params.size()));
}
inline std::vector<Row> query(soci::session& session, std::string_view sql,
                              std::initializer_list<SqlValue> params) {
    return query(session, sql, std::span<const SqlValue>(params.begin(), params.size()));
}
inline long long insert_returning_id(soci::session& session, std::string_view insert,
                                     std::initializer_list<SqlValue> params) {
    return insert_returning_id(session, insert,
                               std::span<const SqlValue>(params.begin(), params.size()));
}

}  // namespace rapport::db
