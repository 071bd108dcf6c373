// Admin endpoints of automation: the delivery log of a webhook and the job queue's jobs
// (dead-lettered deliveries among them).
#pragma once

#include "http/router.hpp"
#include "records/caller.hpp"

namespace rapport::jobs {
class JobQueue;
}
namespace rapport::records {
class RecordStore;
}

namespace rapport::workflow {

class WebhookDelivery;

// GET /api/v1/records/webhook/{id}/deliveries?limit=  → {"items": [{"delivery_id", "event",
//     "attempt", "status", "error", "duration_ms", "at"}]}, newest first
// GET /api/v1/admin/jobs?state=dead&kind=webhook&limit= → {"items": [{"id", "kind", "state",
//     "attempts", "max_attempts", "run_at", "last_error", "payload"}]}
void add_automation_routes(http::Router& router, records::RecordStore& store,
                           const WebhookDelivery& delivery, jobs::JobQueue& queue,
                           records::Authenticate authenticate);

}  // namespace rapport::workflow
