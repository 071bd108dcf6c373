#include "records/attachment_reclaim.hpp"

#include "db/database.hpp"
#include "jobs/job_queue.hpp"
#include "records/attachment_storage.hpp"
#include "records/record_store.hpp"

#include <spdlog/spdlog.h>

namespace rapport::records {

AttachmentReclaim::AttachmentReclaim(const AttachmentStorage& storage, jobs::JobQueue& queue,
                                     std::chrono::seconds settle)
    : storage_(storage), queue_(queue), settle_(settle) {}

void AttachmentReclaim::schedule(const std::string& sha256) const {
    // A job that fails (the disk refusing the removal) tries again a few times.
    constexpr int max_attempts = 5;
    const sdk::Timestamp due(sdk::Timestamp::now().time_point() + settle_);
    queue_.database().write_transaction([&](soci::session& session) {
        queue_.enqueue(session, attachment_reclaim_job_kind, sha256, {due, max_attempts});
    });
}

bool AttachmentReclaim::reclaim(RecordStore& store, const std::string& sha256) const {
    ListQuery referring;
    referring.select = {"id"};
    referring.conditions = {{"sha256", Operator::eq, false, {sha256}}};
    referring.limit = 1;
    referring.count_total = false;
    if (!store.list(store.system_caller(), store.entity("attachment"), referring).items.empty()) {
        return false;
    }
    const bool removed = storage_.discard(sha256, settle_);
    if (removed) {
        spdlog::info("removed attachment content {}: no attachment refers to it", sha256);
    }
    return removed;
}

}  // namespace rapport::records
