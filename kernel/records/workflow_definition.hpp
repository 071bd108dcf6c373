// A workflow as declared on an entity (ARCHITECTURE.md §5): a state machine on one enum field,
// with named transitions. Plain data; the workflow engine (kernel/workflow) runs it.
#pragma once

#include <rapport/sdk/value.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rapport::records {

struct WorkflowState {
    std::string name;
    std::string label;
    bool folded = false;  // a kanban column shown collapsed
    bool closed = false;  // the record's process has ended here (won, lost, paid, ...)
};

struct Transition {
    std::string name;
    std::vector<std::string> from;  // states it may start from
    std::string to;
    std::vector<std::string> roles;    // empty: every role that may update the record
    std::vector<std::string> require;  // fields that must hold a value once it is done
    // Values written with the state, by field name (names, not pointers: definitions are
    // copied from manifest to schema).
    std::vector<std::pair<std::string, sdk::Value>> set;
    // Action parameters written to fields: {"reason", "lost_reason"}.
    std::vector<std::pair<std::string, std::string>> params;
    // Run only by plugin code (sdk::RecordStore::act), never over HTTP: an invoice becomes
    // paid when register_payment's code finds it fully paid.
    bool internal = false;

    bool starts_from(std::string_view state) const;
};

enum class WorkflowKind {
    free,   // the field may also be written directly (a kanban drag); transitions are shortcuts
    strict  // the field changes only through transitions: a direct write is refused
};

struct Workflow {
    std::string field;  // the enum field holding the state
    WorkflowKind kind = WorkflowKind::free;
    std::vector<WorkflowState> states;  // in display order; the first is the initial state
    // States of a free workflow that only a transition may set (a lead is converted by
    // `convert`, never by a drag).
    std::vector<std::string> action_only;
    std::vector<Transition> transitions;

    const Transition* transition(std::string_view name) const;
    const WorkflowState* state(std::string_view name) const;
    // Whether a direct write (not a transition) may set the field to `state`.
    bool writable_directly(std::string_view state) const;
};

}  // namespace rapport::records
