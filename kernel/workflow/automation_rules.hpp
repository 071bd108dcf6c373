// Automation rules (ARCHITECTURE.md §8): records of the kernel entity automation_rule that react
// to an event when their condition holds. `set` writes the record inside the triggering
// transaction; `create`, `webhook` and `notify` run once it has committed. Rules that trigger
// each other stop at a fixed depth, so two rules feeding each other cannot loop forever.
#pragma once

#include "records/record_event.hpp"
#include "workflow/cached.hpp"

#include <string_view>
#include <vector>

namespace boost::json {
class object;
}

namespace rapport::records {
class RecordStore;
struct Caller;
}  // namespace rapport::records

namespace rapport::workflow {

class WebhookOutbox;

// How deep rules may trigger rules (a set that triggers another rule's set, ...).
inline constexpr int max_rule_depth = 4;

class AutomationRules {
  public:
    // Also refuses (422) automation_rule records that could never run: an unknown event or
    // entity, a condition the list API would refuse, an action of another shape.
    AutomationRules(records::RecordStore& store, const WebhookOutbox& outbox);

    // Before commit, inside the change's transaction.
    void record_event(const records::RecordEvent& event);
    // Whether an active rule runs on events of this name.
    bool listens_to(std::string_view event);
    // After a rule changed in this process.
    void rules_changed() { rules_.clear(); }

  private:
    // The active rules on events of this name.
    std::vector<records::Record> rules_on(std::string_view event);
    void run(const records::RecordEvent& event, const records::Record& rule) const;
    void run_after_commit(const boost::json::object& action, const records::RecordEvent& event,
                          const records::Caller& actor) const;
    bool holds(const records::RecordEvent& event, const records::Record& rule) const;

    records::RecordStore& store_;
    CachedList rules_;  // the active ones
    const WebhookOutbox& outbox_;
};

}  // namespace rapport::workflow
