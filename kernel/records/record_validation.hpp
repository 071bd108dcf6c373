// The checks a write passes before it reaches the table: defaults, required fields, unique
// values, references that exist, and no delete of a record others still refer to.
#pragma once

#include "db/dialect.hpp"
#include "records/record.hpp"
#include "records/schema.hpp"

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

namespace soci {
class session;
}

namespace rapport::records {

// Adds the declared default of every field the values leave out.
void apply_defaults(const EntityDefinition& entity, FieldValues& values);

// For a create (`id` empty) every required field must have a value; for an update only the
// changed ones are checked. Throws sdk::Error(validation_failed) with a detail per field.
void validate_values(soci::session& session, const db::Dialect& dialect,
                     const EntityDefinition& entity, const FieldValues& values,
                     std::optional<std::int64_t> id);

// Throws sdk::Error(conflict) naming a record that refers to this one through a restrict reference.
void refuse_if_referenced(soci::session& session, const Schema& schema,
                          const EntityDefinition& entity, std::int64_t id);

// The records the database deletes along with this one, through `on_delete: cascade`
// references at any depth, as the entity definitions declare them: what they left outside
// their tables (search rows) must go too.
using RecordKey = std::pair<const EntityDefinition*, std::int64_t>;
std::vector<RecordKey> deleted_with(soci::session& session, const Schema& schema,
                                    const EntityDefinition& entity, std::int64_t id);

}  // namespace rapport::records
