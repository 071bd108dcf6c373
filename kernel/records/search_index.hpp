// Full-text search across entities: one index table holding, per record, the text of its
// `search: true` fields, kept current in the same transaction as every write. SQLite uses
// FTS5, PostgreSQL a tsvector with a GIN index; both match every word of the query as a
// prefix ("univ panc" finds "Universitas Pancasila").
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

namespace rapport::records {

struct SearchHit {
    std::string entity;
    std::int64_t id = 0;
};

db::Migration search_index_migration();

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
// The same after a delete, if the record's row is gone: the cascades a delete takes along come
// from the entity definitions, and a foreign key keeps the on_delete it was created with when
// a plugin upgrade changes it.
void unindex_deleted(soci::session& session, const db::Dialect& dialect,
                     const EntityDefinition& entity, std::int64_t id);
// On SQLite the index's own rows of a record are written when its transaction commits
// (db::before_commit): a group of writes shares them. So a search inside a write transaction
// finds records by their text before it, on SQLite only.

// Every record of the entity (its table is being dropped), at once: run it in a transaction
// that runs alone (db::WriteSize::bulk), where no index rows of the entity's records wait.
void unindex_entity(soci::session& session, const db::Dialect& dialect, const std::string& entity);
// Every record of the entity indexed again from its table, by the fields that are `search:
// true` now.
void reindex_entity(soci::session& session, const db::Dialect& dialect,
                    const EntityDefinition& entity);

// Best matches first. An empty query (no words) matches nothing.
std::vector<SearchHit> search_records(soci::session& session, const db::Dialect& dialect,
                                      std::string_view text, std::size_t limit);

}  // namespace rapport::records
