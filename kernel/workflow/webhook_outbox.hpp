// The outbox of webhooks (ARCHITECTURE.md §7): for every record event, one delivery job per
// active webhook that listens to it, written in the change's own transaction, so a delivery
// exists exactly when the change committed — even if the process dies right after.
#pragma once

#include "records/record_event.hpp"
#include "workflow/cached_list.hpp"

#include <cstdint>
#include <functional>

namespace rapport::jobs {
class JobQueue;
}
namespace rapport::records {
class RecordStore;
}

namespace rapport::workflow {

// The job kind of a delivery; its payload: {"webhook_id", "delivery_id", "event", "body"}.
inline constexpr const char* webhook_job_kind = "webhook";

class WebhookOutbox {
  public:
    // `committed` runs after a transaction that queued deliveries commits (wakes the runner).
    WebhookOutbox(records::RecordStore& store, jobs::JobQueue& queue, int max_attempts,
                  std::function<void()> committed);

    // Before commit, inside the change's transaction.
    void record_event(const records::RecordEvent& event);
    // After a webhook changed in this process.
    void webhooks_changed() { webhooks_.clear(); }
    // One delivery of `event` to webhook `webhook_id` whatever events it lists (an automation
    // rule's {"webhook": id}); inside the caller's transaction.
    void deliver_to(std::int64_t webhook_id, const records::RecordEvent& event) const;

  private:
    void enqueue(std::int64_t webhook_id, const records::RecordEvent& event) const;

    records::RecordStore& store_;
    CachedList webhooks_;  // the active ones
    jobs::JobQueue& queue_;
    int max_attempts_;
    std::function<void()> committed_;
};

}  // namespace rapport::workflow
