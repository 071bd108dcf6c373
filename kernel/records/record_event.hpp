// What the record store tells the workflow engine about every change: before it commits, inside
// its transaction (a subscriber may veto it by throwing, or write more in the same transaction),
// and after it committed (a subscriber reacts; it can no longer undo the change).
#pragma once

#include "records/record.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace rapport::records {

struct RecordEvent {
    std::string action;      // created, updated, deleted or transitioned
    std::string transition;  // the transition's name, when transitioned
    Record record;           // as the change left it; as it was, when deleted
    FieldValues changes;     // the fields that changed, with their new values
    FieldValues previous;    // the same fields, with their values before
    std::optional<std::int64_t> user_id;

    const EntityDefinition& entity() const { return *record.entity; }
    std::int64_t id() const { return record.id(); }
    // "<entity>.<action>", as subscriptions and webhooks name events.
    std::string name() const { return record.entity->name + "." + action; }
};

struct RecordEventHooks {
    std::function<void(const RecordEvent&)> before_commit;
    std::function<void(const RecordEvent&)> after_commit;
    // Whether anything handles events of this name now. Writes of many records at once (a CSV
    // import) emit events only when it does, and take their fast path when it does not. Left
    // empty, every event is handled.
    std::function<bool(std::string_view event)> wanted;
};

}  // namespace rapport::records
