// What deleting a record does to other records, as the entity definitions declare it: a
// `restrict` reference refuses the delete, a `cascade` one deletes the referring record too, a
// `set_null` one is cleared, and a list (`references`, cascade or set_null) loses the deleted
// record. A `regarding_entity` + `regarding_id` pair naming the record is a cascade where the
// pair is required (a note goes with its record) and set_null where it is not (an attachment,
// a notification, a phone call stay, regarding nothing). The record store writes each of these as a
// change of its own (audit entry, event), so that nothing changes behind the back of /history,
// subscribers and webhooks.
#pragma once

#include "records/record.hpp"
#include "records/schema.hpp"

#include <cstdint>
#include <utility>
#include <vector>

namespace rapport::db {
class Dialect;
}
namespace soci {
class session;
}

namespace rapport::records {

// The records deleted along with this one, through `on_delete: cascade` references and
// required regarding pairs at any depth, in the order they were found. On PostgreSQL each is
// locked as it is found, before the records going with it are looked for: a write naming it
// in a regarding pair (which locks it, records/record_validation.hpp) has either committed by
// then, and its record is found too, or waits and then finds it gone. The record itself must
// be locked already.
using RecordKey = std::pair<const EntityDefinition*, std::int64_t>;
std::vector<RecordKey> deleted_with(soci::session& session, const db::Dialect& dialect,
                                    const Schema& schema, const EntityDefinition& entity,
                                    std::int64_t id);

// Throws sdk::Error(conflict) naming a record that refers to a doomed one (the record
// deleted, first, and those deleted with it) through a restrict reference. One going too counts:
// the database's foreign key would refuse the delete for it, depending on the order it deletes
// the rows in.
void refuse_if_referenced(soci::session& session, const Schema& schema,
                          const std::vector<RecordKey>& doomed);

// The records that stay but refer to deleted ones through a `set_null` reference or a list,
// each with its fields' new values: null for a reference, the list without the deleted
// records for a list. One entry per record.
struct ClearedReferences {
    RecordKey record;
    FieldValues changes;
};
std::vector<ClearedReferences> references_cleared_by(soci::session& session, const Schema& schema,
                                                     const std::vector<RecordKey>& deleted);

// Whether the record's row is gone after a delete. A foreign key keeps the on_delete it was
// created with when a plugin upgrade changes the definition, so a record the definitions say a
// cascade takes along may stay (its reference set to null).
bool row_gone(soci::session& session, const EntityDefinition& entity, std::int64_t id);

// Deletes the first record's row, which the database's ON DELETE rules follow to its cascades,
// and the rows of the others that go with a record their regarding pair names, a pair the
// database knows nothing of.
void delete_rows(soci::session& session, const std::vector<RecordKey>& doomed);

// Deletes one row. References the schema knows were dealt with before; a foreign key the
// database still enforces belongs to data kept by an uninstalled plugin, which the schema no
// longer has: a conflict (409) that says so.
void delete_row(soci::session& session, const EntityDefinition& entity, std::int64_t id);

}  // namespace rapport::records
