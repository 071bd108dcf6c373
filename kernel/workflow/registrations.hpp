// What plugins add to the workflow engine, in kernel terms: C++ actions on entities (their own or
// others') and event subscriptions. The plugin runtime converts the SDK's handlers into these,
// each holding its plugin's library alive.
#pragma once

#include "records/caller.hpp"
#include "records/record.hpp"
#include "records/record_event.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rapport::records {
class RecordStore;
}

namespace rapport::workflow {

// The record an action created, answered as {"entity", "id"}.
struct CreatedRef {
    std::string entity;
    std::int64_t id = 0;
};

struct ActionCall {
    const records::Caller& caller;
    const records::Record& record;  // after the transition of the same name, if any
    const std::string& params;      // the request's JSON object, "{}" when it had no body
};

using ActionHandler = std::function<std::optional<CreatedRef>(const ActionCall&)>;

struct ActionRegistration {
    std::string entity;
    std::string name;
    std::string owner;  // the plugin, named in errors and logs
    ActionHandler handler;
};

struct EventSubscription {
    // "<entity>.transitioned", "<entity>.*" or "*".
    std::string pattern;
    std::string owner;
    bool before_commit = false;  // a validator that may veto; else a handler after commit
    std::function<void(const records::RecordEvent&)> handler;
    // For a subscriber that acts on some of the events it matches (the webhook outbox and the
    // automation rules match "*"): whether it acts on events of this name now. Empty: on all.
    std::function<bool(std::string_view event)> wants;
};

struct Registrations {
    std::vector<ActionRegistration> actions;
    std::vector<EventSubscription> subscriptions;
};

// Whether an event named "<entity>.<action>" matches a subscription's pattern.
bool event_matches(std::string_view pattern, std::string_view event);

}  // namespace rapport::workflow
