// Who owns a record: owner_id, the system field that `own` and `team` scopes compare with the
// caller. The record's creator, unless its entity names an owner_field (a reference to user,
// such as the person a deal is assigned to): then the user that field holds, and the creator
// while it is empty. Every write path (create, update, transitions, import) keeps it in step.
#pragma once

#include "records/caller.hpp"
#include "records/record.hpp"

#include <optional>

namespace rapport::records {

// The owner of a record `caller` creates with `values`.
sdk::Value initial_owner(const EntityDefinition& entity, const Caller& caller,
                         const FieldValues& values);

// The owner of `current` once `changes` (the values that change) are written; nullopt when
// they leave it as it is.
std::optional<sdk::Value> moved_owner(const EntityDefinition& entity, const Record& current,
                                      const FieldValues& changes);

}  // namespace rapport::records
