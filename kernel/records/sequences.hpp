// Named number sequences in the database (SO00001, INV/2026/00001 take their numbers from
// them): shared by every process, and transactional — a number taken inside a transaction that
// rolls back is taken again by the next one, so committed numbers have no gaps.
#pragma once

#include "db/migrations.hpp"

#include <cstdint>
#include <string_view>

namespace rapport::db {
class Database;
}

namespace rapport::records {

// The table rapport_sequences.
db::Migration sequences_migration();

// 1 for a new sequence, then one more each time. Joins the thread's open write transaction;
// concurrent callers wait for each other on the sequence's row.
std::int64_t next_in_sequence(db::Database& database, std::string_view name);

}  // namespace rapport::records
