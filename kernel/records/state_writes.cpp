#include "records/state_writes.hpp"

#include <rapport/sdk/error.hpp>

namespace rapport::records {

void refuse_direct_state_change(const EntityDefinition& entity, const FieldValues& values,
                                bool creating) {
    if (!entity.workflow) {
        return;
    }
    const Workflow& workflow = *entity.workflow;
    for (const auto& [field, value] : values) {
        const auto* state = std::get_if<std::string>(&value);
        if (field->name != workflow.field || !state) {
            continue;
        }
        const bool initial = creating && *state == workflow.states.front().name;
        if (initial || workflow.writable_directly(*state)) {
            return;
        }
        std::string actions;
        for (const auto& transition : workflow.transitions) {
            if (workflow.kind == WorkflowKind::strict || transition.to == *state) {
                actions += (actions.empty() ? "" : ", ") + transition.name;
            }
        }
        throw sdk::Error(sdk::ErrorCode::validation_failed, "invalid " + entity.name,
                         {{field->name, workflow.kind == WorkflowKind::strict
                                            ? "changes only through its actions (" + actions + ")"
                                            : "becomes '" + *state + "' only through an action (" +
                                                  actions + ")"}});
    }
}

}  // namespace rapport::records
