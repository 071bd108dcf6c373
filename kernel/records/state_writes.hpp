// The one rule that keeps a workflow's field for transitions (ARCHITECTURE.md §5), applied to
// every direct write of a record.
#pragma once

#include "records/entity_definition.hpp"
#include "records/record.hpp"

namespace rapport::records {

// Throws sdk::Error(validation_failed) when `values`, written directly (not by a transition),
// set a strict workflow's field (other than to the initial state, `creating`) or a free one's
// action-only state.
void refuse_direct_state_change(const EntityDefinition& entity, const FieldValues& values,
                                bool creating);

}  // namespace rapport::records
