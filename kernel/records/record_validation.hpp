// The checks a write passes before it reaches the table: defaults, required fields, unique
// values and references that exist. A delete's are in records/record_removal.hpp.
#pragma once

#include "db/dialect.hpp"
#include "records/record.hpp"
#include "records/schema.hpp"

#include <rapport/sdk/error.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace soci {
class session;
}

namespace rapport::records {

// Adds the declared default of every field the values leave out.
void apply_defaults(const EntityDefinition& entity, FieldValues& values);

// No value, or text of white space only: what a required field may not hold.
bool is_blank(const sdk::Value& value);

// "is required" for each required field a write leaves without a value: on a create, every
// one `values` (defaults applied) lacks or leaves blank; on an update, those it makes blank.
std::vector<sdk::FieldError> required_problems(const EntityDefinition& entity,
                                               const FieldValues& values, bool creating);

// For a create (`current` null) every required field must have a value; for an update of
// `current` only the changed ones are checked. Throws sdk::Error(validation_failed) with a detail
// per field.
void validate_values(soci::session& session, const db::Dialect& dialect, const Schema& schema,
                     const EntityDefinition& entity, const FieldValues& values,
                     const Record* current);

// The ids a reference or references value names, viewed in the value; none for an empty one.
std::span<const std::int64_t> referenced_ids(const sdk::Value& value);

// A detail for each field among `values` whose unique value another record than `id` holds,
// or whose reference names a record that does not exist. validate_values checks these before a
// write; after a write a unique index or a foreign key refused (a concurrent writer took the
// value or deleted the record in between, which PostgreSQL's READ COMMITTED allows), they name
// the fields the database would not.
std::vector<sdk::FieldError> stored_value_problems(soci::session& session,
                                                   const db::Dialect& dialect,
                                                   const EntityDefinition& entity,
                                                   const FieldValues& values,
                                                   std::optional<std::int64_t> id);

// Whether records of the entity name what they are about with a `regarding_entity` (string) +
// `regarding_id` (integer) pair, as note, attachment, notification and plugin entities such as
// phone_call do. validate_values checks that the pair is whole and names an existing record.
bool has_regarding(const EntityDefinition& entity);

// What is wrong with a regarding pair's values short of looking its record up: only half of
// it given, or no such entity. nullopt for an empty pair, and for a whole one, whose entity
// `regarded` then names: its record is the caller's to look up.
std::optional<sdk::FieldError> regarding_pair_problem(const Schema& schema, const sdk::Value& named,
                                                      const sdk::Value& record,
                                                      const EntityDefinition*& regarded);
// The problem of a whole pair whose record does not exist.
sdk::FieldError missing_regarded_record(const EntityDefinition& regarded, std::int64_t id);

}  // namespace rapport::records
