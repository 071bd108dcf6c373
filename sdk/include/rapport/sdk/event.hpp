// Record events (ARCHITECTURE.md §5): every create, update, delete and workflow transition of
// any entity emits `<entity>.<created|updated|deleted|transitioned>`.
#pragma once

#include <rapport/sdk/record.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace rapport::sdk {

struct Event {
    std::string name;        // "opportunity.transitioned"
    std::string action;      // created, updated, deleted or transitioned
    std::string transition;  // the transition's name ("mark_won"), when transitioned
    Record record;           // as the change left it; as it was, when deleted
    FieldMap changes;        // the fields that changed, with their new values
    FieldMap previous;       // the same fields, with their values before
    std::optional<std::int64_t> user_id;
};

// A validator throws sdk::Error (validation_failed with field details, or conflict) to veto the
// change; a handler's exceptions are logged and change nothing.
using EventHandler = std::function<void(const Event&)>;

}  // namespace rapport::sdk
