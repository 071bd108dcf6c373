// Takes the files of attachment content off the disk once no attachment refers to it: deleting
// an attachment, or an upload whose record is refused, queues a job that removes the content
// when it has settled (AttachmentStorage::discard) and is still unreferenced. Identical content
// is stored once, so the job looks for other attachments before it removes anything.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace rapport::jobs {
class JobQueue;
}

namespace rapport::records {

class AttachmentStorage;
class RecordStore;

inline constexpr std::string_view attachment_reclaim_job_kind = "attachment.reclaim";

class AttachmentReclaim {
  public:
    // `settle` must outlast an upload's request: content stored for an upload still running
    // when the job runs is left to that upload.
    AttachmentReclaim(const AttachmentStorage& storage, jobs::JobQueue& queue,
                      std::chrono::seconds settle);

    // Queues the job, due once the content has settled, in the write transaction open on this
    // thread (it happens only if that commits) or else in one of its own.
    void schedule(const std::string& sha256) const;

    // The job: removes the content's file unless an attachment refers to it or it has not
    // settled. Whether it removed it.
    bool reclaim(RecordStore& store, const std::string& sha256) const;

  private:
    const AttachmentStorage& storage_;
    jobs::JobQueue& queue_;
    std::chrono::seconds settle_;
};

}  // namespace rapport::records
