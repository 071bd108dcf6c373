// The fast path for many rows: PostgreSQL COPY through libpq on the connection SOCI holds,
// SQLite one prepared INSERT stepped per row. Both run inside the caller's transaction.
#pragma once

#include "db/dialect.hpp"
#include "db/sql_value.hpp"

#include <span>
#include <string>
#include <vector>

namespace soci {
class session;
}

namespace rapport::db {

// `values` holds the rows one after the other, each with a value per column in the order of
// `columns`; identifiers must already be quoted where needed. Throws DatabaseError with the
// driver's message.
void bulk_insert(soci::session& session, const Dialect& dialect, const std::string& table,
                 const std::vector<std::string>& columns, std::span<const SqlValue> values);

// `count` new ids of `table`'s id column that no other writer will use, so that bulk rows
// can carry their ids (for audit entries and the search index) without reading them back.
// On SQLite call it inside the write transaction that inserts them.
std::vector<long long> reserve_ids(soci::session& session, const Dialect& dialect,
                                   const std::string& table, std::size_t count);

}  // namespace rapport::db
