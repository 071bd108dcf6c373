// The threads that run blocking work (database calls, file I/O, password hashing), so that
// the HTTP I/O threads never wait on it.
#pragma once

#include <functional>
#include <memory>

namespace rapport::runtime {

// Wakes an idle thread only for a task that no thread already awake will take: a thread that
// finishes a task takes the next queued one itself, and one thread at a time waits a few
// microseconds for the next task before it sleeps. Boost.Asio's thread_pool woke a thread for
// every post, and each thread woke another when it found more work: on two cores with eight
// workers, thread wake-ups took 40 % of rapportd's CPU time in a GET by id, and the pool that
// replaced it served 1.6 times as many (docs/performance.md).
class WorkerPool {
  public:
    explicit WorkerPool(unsigned threads);
    ~WorkerPool();
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    void post(std::function<void()> task);
    // Runs the queued tasks to completion and joins the threads; later posts are dropped.
    void stop();
    unsigned size() const noexcept { return threads_; }

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    unsigned threads_;
};

}  // namespace rapport::runtime
