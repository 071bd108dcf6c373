// Worker threads that take due jobs from the queue in batches and run the handler of each
// job's kind. A handler fails the attempt by throwing; the queue retries it later. Jobs this
// process enqueued through the runner go to its threads directly, without a claim.
#pragma once

#include "jobs/job_queue.hpp"

#include <rapport/sdk/timestamp.hpp>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace rapport::jobs {

struct JobRunnerOptions {
    unsigned threads = 2;
    std::size_t batch = 50;
    // A job this runner holds is renewed every third of its lease while it waits or runs, so
    // that its handler may take longer; if the process dies, the job is someone else's once
    // the lease ends.
    std::chrono::seconds lease{30};
    // How often idle threads look for due jobs (retries, delayed jobs, other processes' jobs).
    std::chrono::milliseconds poll_interval{250};
    // How long a thread waits for jobs handed over to fill a batch: a little latency for
    // batches that share their costs.
    std::chrono::milliseconds gather{0};
    // Jobs enqueue() hands to these threads at most while they wait to run; beyond, new jobs
    // go through the queue like any other process's.
    std::size_t backlog = 256;
    // Done jobs are deleted this long after they finished (zero keeps them), looked for every
    // purge_interval by one of the threads, a thousand at a time.
    std::chrono::seconds keep_done{0};
    std::chrono::milliseconds purge_interval{std::chrono::minutes(10)};
};

class JobRunner {
  public:
    // Runs one job. What it throws fails the attempt and becomes the job's last_error.
    using Handler = std::function<void(const Job&)>;

    explicit JobRunner(JobQueue& queue, JobRunnerOptions options = {});
    ~JobRunner();
    JobRunner(const JobRunner&) = delete;
    JobRunner& operator=(const JobRunner&) = delete;

    // What a batch handler returns: an error or nothing per job, in order, and what to write
    // in the transaction that records the outcomes (a log of the attempts), if anything.
    struct BatchOutcome {
        std::vector<std::optional<std::string>> errors;
        std::function<void(soci::session&)> record;
    };
    // Runs the claimed jobs of one kind together (a batch of webhook deliveries shares its
    // database reads and writes). What it throws fails every job it was given.
    using BatchHandler = std::function<BatchOutcome(const std::vector<Job>& jobs)>;

    // Before start(). A job of a kind without a handler fails with "no handler for job kind X".
    void handle(std::string kind, Handler handler);
    void handle_batch(std::string kind, BatchHandler handler);
    // Deletes up to `most` rows older than `before` from a log that lives as long as the jobs
    // it records (a delivery log), and returns how many. Run with the done-job purge.
    using Purge = std::function<std::size_t(sdk::Timestamp before, std::size_t most)>;
    // Before start().
    void purge_with_jobs(Purge purge);
    void start();
    // Lets the threads finish the batches they are running (handlers and outcomes), then
    // joins them.
    void stop() noexcept;
    // Call after committing a job in this process: an idle thread takes it now rather than at
    // its next poll.
    void wake() noexcept;
    // Adds a job, due now, in the caller's open write transaction (see
    // Database::write_transaction) and has these threads run it once that commits, without
    // claiming it from the queue. If this process dies first, another process takes it when its
    // lease expires. Throws what JobQueue::enqueue throws.
    void enqueue(soci::session& session, std::string_view kind, std::string payload,
                 int max_attempts);

  private:
    using Clock = std::chrono::steady_clock;

    void work();
    void run_here(Job job);
    // Up to a batch of the jobs handed over, gathered first unless another thread is
    // gathering them; mutex_ held by `lock`, released while gathering.
    std::vector<Job> take_here(std::unique_lock<std::mutex>& lock);
    // Whether jobs handed over wait for a thread to take them; mutex_ held.
    bool handed_over_ready() const;
    // Runs the jobs and records their outcomes.
    void finish(const std::vector<Job>& jobs);
    struct Outcomes {
        std::vector<JobQueue::Outcome> outcomes;
        std::vector<std::function<void(soci::session&)>> records;
    };
    Outcomes run(const std::vector<Job>& jobs) const;
    void release(const std::vector<std::int64_t>& ids) noexcept;
    // Whether it is this thread's turn to purge done jobs; mutex_ held.
    bool purge_due();
    void purge_done() noexcept;
    // The lease keeper's loop: renews the leases of held_ until stop() ends it.
    void renew_leases();
    // Jobs the threads took or were handed; mutex_ held.
    void hold(const std::vector<Job>& jobs);
    void let_go(const std::vector<Job>& jobs);

    JobQueue& queue_;
    const JobRunnerOptions options_;
    std::unordered_map<std::string, BatchHandler> handlers_;
    std::vector<Purge> purges_;  // the queue's own first
    std::vector<std::thread> threads_;
    std::thread keeper_;  // renews leases

    std::mutex mutex_;
    std::condition_variable signal_;  // idle threads wait on it
    // The gathering thread waits on it, so that a full batch wakes that thread alone.
    std::condition_variable batch_filled_;
    bool stopping_ = true;    // until start()
    bool woken_ = false;      // a wake() no idle thread has answered yet
    bool gathering_ = false;  // a thread waits for handed-over jobs to fill a batch
    std::deque<Job> here_;    // enqueued here, committed, not yet taken by a thread
    // Jobs leased to this process that are waiting in here_ or running: their leases are
    // renewed until they finish.
    std::unordered_set<std::int64_t> held_;
    bool keeping_ = false;                 // the keeper runs; until the threads are joined
    std::condition_variable keeper_wake_;  // the keeper waits on it between renewals
    Clock::time_point next_purge_;
};

}  // namespace rapport::jobs
