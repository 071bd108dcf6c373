// The job queue in the database (reminders, deadlines, webhook deliveries): a job commits with
// the change that made it, and every process serving the same data shares the queue.
#pragma once

#include "db/migrations.hpp"

#include <rapport/sdk/timestamp.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace soci {
class session;
}

namespace rapport::db {
class Database;
}

namespace rapport::jobs {

// The table rapport_jobs: "kernel/0100_jobs".
db::Migration job_queue_migration();

// A claimed job, as a handler sees it.
struct Job {
    std::int64_t id = 0;
    std::string kind;
    std::string payload;  // JSON written by whoever enqueued it
    int attempts = 0;     // attempts already made before this run
};

// Stored as its name: pending → running → done, or back to pending to retry, or dead once
// every attempt has failed.
enum class JobState { pending, running, done, dead };

std::string_view job_state_name(JobState state);
std::optional<JobState> parse_job_state(std::string_view name);

struct JobOptions {
    sdk::Timestamp run_at = sdk::Timestamp::now();  // not run before
    int max_attempts = 10;
};

// A job as stored, for inspection.
struct JobInfo {
    std::int64_t id = 0;
    std::string kind;
    std::string payload;
    JobState state = JobState::pending;
    int attempts = 0;  // attempts made so far
    int max_attempts = 0;
    sdk::Timestamp run_at;                  // when a pending job is due
    std::optional<std::string> last_error;  // of the latest failed attempt, kept after a success
};

class JobQueue {
  public:
    explicit JobQueue(db::Database& database);

    // Adds a job inside the caller's open write transaction, so that the job commits (or
    // vanishes) with the change that made it. Returns its id. Throws std::invalid_argument for
    // an empty kind, one over 100 characters, or max_attempts below 1.
    std::int64_t enqueue(soci::session& session, std::string_view kind, std::string_view payload,
                         const JobOptions& options = {});
    // Adds a job, due now, that the calling process runs itself once the transaction commits
    // (JobRunner::enqueue): stored as claimed, its first attempt counted and leased for
    // `lease`, so that no other process takes it unless this one dies before finishing it.
    // Saves the claim's transaction. Same errors as enqueue().
    Job enqueue_claimed(soci::session& session, std::string_view kind, std::string payload,
                        std::chrono::seconds lease, int max_attempts);

    // Takes up to `max` due jobs, in one transaction, and leases them for `lease`: pending
    // jobs whose run_at has come, and running jobs whose lease expired (their process died
    // mid-job; delivery is at least once). Each claim counts as an attempt. Several processes
    // may claim at once; no job goes to two of them while its lease lasts.
    std::vector<Job> claim(std::size_t max, std::chrono::seconds lease);

    // The result of running a claimed job: no error when it succeeded.
    struct Outcome {
        std::int64_t id = 0;
        std::optional<std::string> error;
    };
    // Records a batch of outcomes in one transaction: done, pending again after
    // retry_delay(), or dead when it was the last attempt. An outcome for a job that is no
    // longer running (its lease expired and another claimer finished it) is ignored.
    // `also`, when given, writes in the same transaction (a log of the attempts).
    void finish(const std::vector<Outcome>& outcomes,
                const std::function<void(soci::session&)>& also = {});
    // Extends the leases of running jobs their process still holds, so that leases can be
    // short: a process that dies leaves its jobs to others within one lease, however long its
    // handlers take. Jobs no longer running are left alone.
    void renew(const std::vector<std::int64_t>& ids, std::chrono::seconds lease);
    // Gives claimed jobs that never ran back to the queue, due now, their attempt uncounted
    // (a process stopping with jobs it had not started).
    void release(const std::vector<std::int64_t>& ids);

    // How long to wait before the next attempt: 2 s after the first (webhooks promise a retry
    // within 5 s), doubling each time, at most an hour.
    static std::chrono::seconds retry_delay(int attempts_made);

    // Deletes up to `most` done jobs that finished before `before`, and returns how many it
    // deleted. Dead jobs stay, for an admin to look at.
    std::size_t purge_done(sdk::Timestamp before, std::size_t most);

    // Jobs in id order, optionally only those of one state and/or kind.
    std::vector<JobInfo> list(std::optional<JobState> state, std::optional<std::string> kind,
                              std::size_t limit);

    db::Database& database() const { return database_; }

  private:
    std::int64_t insert(soci::session& session, std::string_view kind, std::string_view payload,
                        const JobOptions& options, std::optional<std::chrono::seconds> lease);
    void record_failure(soci::session& session, std::int64_t id, const std::string& error,
                        sdk::Timestamp now);
    // Sets `assignments` (which may use :at) on those of the jobs still running, in a
    // transaction of its own.
    void update_running(const std::vector<std::int64_t>& ids, std::string_view assignments,
                        sdk::Timestamp at);

    db::Database& database_;
};

}  // namespace rapport::jobs
