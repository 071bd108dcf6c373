// The outbox of webhooks (ARCHITECTURE.md §7): for every record event, one delivery job per
// active webhook that listens to it, written in the change's own transaction, so a delivery
// exists exactly when the change committed — even if the process dies right after. This
// process's job runner delivers it as soon as the change commits.
#pragma once

#include "records/record_event.hpp"
#include "workflow/cached.hpp"

#include <cstdint>
#include <string_view>
#include <vector>

namespace rapport::jobs {
class JobRunner;
}
namespace rapport::records {
class RecordStore;
}

namespace rapport::workflow {

// The job kind of a delivery; its payload: webhook_payload.hpp.
inline constexpr const char* webhook_job_kind = "webhook";

class WebhookOutbox {
  public:
    WebhookOutbox(records::RecordStore& store, jobs::JobRunner& runner, int max_attempts);

    // Before commit, inside the change's transaction.
    void record_event(const records::RecordEvent& event);
    // Whether an active webhook listens to events of this name.
    bool listens_to(std::string_view event);
    // After a webhook changed in this process.
    void webhooks_changed() { webhooks_.clear(); }
    // One delivery of `event` to webhook `webhook_id` whatever events it lists (an automation
    // rule's {"webhook": id}); inside the caller's transaction.
    void deliver_to(std::int64_t webhook_id, const records::RecordEvent& event) const;

  private:
    std::vector<std::int64_t> listeners(std::string_view event);
    void enqueue(std::int64_t webhook_id, const records::RecordEvent& event) const;

    records::RecordStore& store_;
    CachedList webhooks_;  // the active ones
    jobs::JobRunner& runner_;
    int max_attempts_;
};

}  // namespace rapport::workflow
