#include "records/workflow_definition.hpp"

#include <algorithm>

namespace rapport::records {

bool Transition::starts_from(std::string_view state) const {
    return std::find(from.begin(), from.end(), state) != from.end();
}

const Transition* Workflow::transition(std::string_view name) const {
    const auto it =
        std::find_if(transitions.begin(), transitions.end(),
                     [&](const Transition& transition) { return transition.name == name; });
    return it == transitions.end() ? nullptr : &*it;
}

const WorkflowState* Workflow::state(std::string_view name) const {
    const auto it = std::find_if(states.begin(), states.end(),
                                 [&](const WorkflowState& state) { return state.name == name; });
    return it == states.end() ? nullptr : &*it;
}

bool Workflow::writable_directly(std::string_view state) const {
    return kind == WorkflowKind::free &&
           std::find(action_only.begin(), action_only.end(), state) == action_only.end();
}

}  // namespace rapport::records
