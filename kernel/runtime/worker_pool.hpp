// The threads that run blocking work (database calls, file I/O, password hashing), so that
// the HTTP I/O threads never wait on it.
#pragma once

#include <functional>
#include <memory>

namespace rapport::runtime {

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
