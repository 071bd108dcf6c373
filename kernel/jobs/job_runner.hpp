// Worker threads that take due jobs from the queue in batches and run the handler of each
// job's kind. A handler fails the attempt by throwing; the queue retries it later.
#pragma once

#include "jobs/job_queue.hpp"

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

namespace rapport::jobs {

struct JobRunnerOptions {
    unsigned threads = 2;
    std::size_t batch = 50;
    // A claimed batch is someone else's after this long: it must outlast the handlers of a
    // whole batch, or their jobs run twice.
    std::chrono::seconds lease{60};
    // How often idle threads look for due jobs (retries, delayed jobs, other processes' jobs).
    std::chrono::milliseconds poll_interval{250};
    // How long a woken thread waits for more jobs before claiming: a little latency for
    // batches that share their costs.
    std::chrono::milliseconds gather{0};
};

class JobRunner {
  public:
    // Runs one job. What it throws fails the attempt and becomes the job's last_error.
    using Handler = std::function<void(const Job&)>;

    explicit JobRunner(JobQueue& queue, JobRunnerOptions options = {});
    ~JobRunner();
    JobRunner(const JobRunner&) = delete;
    JobRunner& operator=(const JobRunner&) = delete;

    // Runs the claimed jobs of one kind together (a batch of webhook deliveries shares its
    // database reads and writes): an error or nothing per job, in order. What it throws fails
    // every job it was given.
    using BatchHandler =
        std::function<std::vector<std::optional<std::string>>(const std::vector<Job>& jobs)>;

    // Before start(). A job of a kind without a handler fails with "no handler for job kind X".
    void handle(std::string kind, Handler handler);
    void handle_batch(std::string kind, BatchHandler handler);
    void start();
    // Lets the threads finish the batches they are running (handlers and outcomes), then
    // joins them.
    void stop() noexcept;
    // Call after committing a job in this process: an idle thread takes it now rather than at
    // its next poll.
    void wake() noexcept;

  private:
    void work();
    std::vector<JobQueue::Outcome> run(const std::vector<Job>& jobs) const;

    JobQueue& queue_;
    const JobRunnerOptions options_;
    std::unordered_map<std::string, BatchHandler> handlers_;
    std::vector<std::thread> threads_;

    std::mutex mutex_;
    std::condition_variable signal_;
    bool stopping_ = false;
    bool woken_ = false;  // a wake() no idle thread has answered yet
};

}  // namespace rapport::jobs
