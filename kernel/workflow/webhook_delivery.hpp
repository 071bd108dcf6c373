// Delivering what the webhook outbox queued (ARCHITECTURE.md §7): a signed POST per job, each
// attempt logged per webhook; a failed attempt throws so the job queue retries it (2 s, then
// backing off) and finally dead-letters it.
#pragma once

#include "db/migrations.hpp"
#include "jobs/job_runner.hpp"
#include "webhooks/webhook_sender.hpp"
#include "workflow/cached.hpp"

#include <rapport/sdk/timestamp.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace rapport::db {
class Database;
}

namespace rapport::workflow {

// The table rapport_webhook_deliveries: one row per attempt.
db::Migration webhook_deliveries_migration();

struct DeliveryAttempt {
    std::string delivery_id;
    std::string event;
    int attempt = 0;
    int status = 0;     // the receiver's HTTP status; 0 when none came
    std::string error;  // empty when delivered
    std::int64_t duration_ms = 0;
    sdk::Timestamp at;
};

class WebhookDelivery {
  public:
    WebhookDelivery(db::Database& database, webhooks::SenderOptions options);

    // The job queue's batch handler: the batch's posts sent concurrently, its attempts logged
    // with the jobs' outcomes. Per job, why the attempt failed, or nothing. A delivery to a
    // webhook that is gone or inactive is dropped.
    jobs::JobRunner::BatchOutcome deliver(const std::vector<jobs::Job>& jobs) const;
    // After a webhook changed in this process.
    void webhooks_changed() { targets_.clear(); }
    // Newest first.
    std::vector<DeliveryAttempt> attempts(std::int64_t webhook_id, std::size_t limit) const;
    // Deletes up to `most` attempts made before `before`; returns how many (JobRunner::Purge).
    std::size_t forget_attempts(sdk::Timestamp before, std::size_t most) const;

  private:
    struct Target {
        std::string url;
        std::string secret;
    };
    using Targets = std::map<std::int64_t, Target>;  // by webhook id
    Targets read_targets() const;

    db::Database& database_;
    webhooks::WebhookSender sender_;
    // The active webhooks' targets, read once a second rather than once a batch.
    mutable Cached<Targets> targets_;
};

}  // namespace rapport::workflow
