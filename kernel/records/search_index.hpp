// Full-text search across entities: one index table holding, per record, the text of its
// `search: true` fields, written in the same transaction as every write. SQLite uses FTS5,
// PostgreSQL a tsvector with a GIN index; both match every word of the query as a prefix
// ("univ panc" finds "Universitas Pancasila"). On SQLite the text waits in a queue, written with
// the record, and enters FTS5 a batch at a time and before every search.
#pragma once

#include "db/dialect.hpp"
#include "db/migrations.hpp"
#include "records/record.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace soci {
class session;
}

namespace rapport::db {
class Database;
}

namespace rapport::records {

struct SearchHit {
    std::string entity;
    std::int64_t id = 0;
};

db::Migration search_index_migration();
db::Migration search_queue_migration();  // after search_index_migration

// The text a record contributes: its search fields, space-separated. Empty when none.
std::string search_document(const Record& record);
bool is_searchable(const EntityDefinition& entity);
// Whether a change touches a search field: an update that does not (a stage moving, an amount
// changing) leaves the record's search text, and its index row, as they were.
bool changes_search_text(const FieldValues& changes);

// A record's search row, written or rewritten.
void index_record(soci::session& session, const db::Dialect& dialect, const Record& record);
// The same for a record known to have none yet (just created, or its entity's rows removed):
// on SQLite it saves looking for one.
void index_new_record(soci::session& session, const db::Dialect& dialect, const Record& record);
void unindex_record(soci::session& session, const db::Dialect& dialect, const std::string& entity,
                    std::int64_t id);
// On SQLite, how many records' text waits before it enters FTS5 with the commit that queued
// the last of them.
inline constexpr long long search_queue_batch = 256;
// On SQLite, the queued text into FTS5 (PostgreSQL has no queue). In a write transaction.
void apply_search_queue(soci::session& session);
// The same in a write transaction of its own, if any text waits: before a search, which then
// finds every change committed before it, and inside a write transaction its own changes.
void apply_waiting_search_text(db::Database& database);

// Every record of the entity (its table is being dropped), at once, with the queued text of
// every entity's records applied first: run it in a transaction that runs alone
// (db::WriteSize::bulk).
void unindex_entity(soci::session& session, const db::Dialect& dialect, const std::string& entity);
// Every record of the entity indexed again from its table, by the fields that are `search:
// true` now.
void reindex_entity(soci::session& session, const db::Dialect& dialect,
                    const EntityDefinition& entity);

// Best matches first. An empty query (no words) matches nothing.
std::vector<SearchHit> search_records(soci::session& session, const db::Dialect& dialect,
                                      std::string_view text, std::size_t limit);

}  // namespace rapport::records
