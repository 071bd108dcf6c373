// The workflow engine of one registry generation (ARCHITECTURE.md §5): runs actions (declared
// transitions, C++ actions plugins registered, or both under one name) atomically, tells a
// caller which actions a record offers them now, and dispatches every record event to the
// subscribers: before commit (validators, which may veto) and after commit (handlers, which
// cannot break the request).
#pragma once

#include "workflow/registrations.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rapport::records {
class RecordStore;
struct EntityDefinition;
}  // namespace rapport::records

namespace rapport::workflow {

struct ActionResult {
    records::Record record;
    std::optional<CreatedRef> created;
};

// An action as a record offers it: a transition's target state, when it is one.
struct AvailableAction {
    std::string name;
    std::string label;
    std::string to;  // empty for a C++ action without a transition
};

class WorkflowEngine {
  public:
    // Installs itself as `store`'s event hooks; both must outlive the requests that use them.
    WorkflowEngine(records::RecordStore& store, Registrations registrations);

    // Throws sdk::Error: not_found (no such record or action), conflict (the current state does
    // not allow it), forbidden (the caller's role may not), validation_failed (a required field
    // stays empty, a parameter is invalid, or a validator vetoed). Nothing is written then.
    // `from_code`: plugin code runs it (sdk::RecordStore::act), which may run internal
    // transitions; over HTTP they are unknown.
    ActionResult run(const records::Caller& caller, const records::EntityDefinition& entity,
                     std::int64_t id, std::string_view action, const std::string& params,
                     bool from_code = false);

    // The actions `record` offers `caller` now, in declaration order.
    std::vector<AvailableAction> available(const records::Caller& caller,
                                           const records::Record& record) const;

    // Actions registered in C++ on `entity`, for its metadata.
    std::vector<std::string> registered_actions(std::string_view entity) const;

    // Kernel subscribers (automation rules, webhooks) join the plugins' before serving.
    void subscribe(EventSubscription subscription);

  private:
    const ActionRegistration* registered(std::string_view entity, std::string_view name) const;
    void dispatch(const records::RecordEvent& event, bool before_commit) const;
    // Whether a subscriber acts on events of this name now.
    bool handles(std::string_view event) const;
    records::Record reread(const records::Caller& caller, const records::Record& before) const;

    records::RecordStore& store_;
    Registrations registrations_;
};

}  // namespace rapport::workflow
