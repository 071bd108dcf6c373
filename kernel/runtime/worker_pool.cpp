#include "runtime/worker_pool.hpp"

#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace rapport::runtime {

struct WorkerPool::Impl {
    std::mutex mutex;
    std::condition_variable wake;
    std::deque<std::function<void()>> tasks;
    std::size_t idle = 0;      // threads waiting on `wake`
    std::size_t waking = 0;    // of those, signalled but not yet running: each takes a task
    std::size_t spinning = 0;  // threads in spin(): 0 or 1
    std::atomic<std::size_t> queued = 0;  // tasks.size(), for spin() to read without the lock
    bool stopping = false;
    std::vector<std::thread> threads;
    std::once_flag joined;

    void run() {
        std::unique_lock lock(mutex);
        for (;;) {
            if (tasks.empty() && !stopping && spinning == 0) {
                spin(lock);
            }
            while (tasks.empty() && !stopping) {
                ++idle;
                wake.wait(lock);
                --idle;
                waking -= waking > 0 ? 1 : 0;
            }
            if (tasks.empty()) {
                return;  // stopping, and nothing left to run
            }
            {
                // Destroyed before the lock is taken again: what a task holds (a connection's
                // session, a router snapshot) may take long to tear down.
                auto task = std::move(tasks.front());
                tasks.pop_front();
                queued.store(tasks.size(), std::memory_order_relaxed);
                lock.unlock();
                run_task(task);
            }
            lock.lock();
        }
    }

    // Waits a moment for the next task before sleeping, yielding the core meanwhile: under
    // load the next request comes within microseconds, and going to sleep and being woken
    // for it costs more than that. One thread spins at a time; a post counts it as awake.
    void spin(std::unique_lock<std::mutex>& lock) {
        constexpr auto spin_time = std::chrono::microseconds(10);
        ++spinning;
        lock.unlock();
        const auto until = std::chrono::steady_clock::now() + spin_time;
        while (queued.load(std::memory_order_relaxed) == 0 &&
               std::chrono::steady_clock::now() < until) {
            std::this_thread::yield();
        }
        lock.lock();
        --spinning;
    }

    // A task that throws loses only itself: the thread goes on to the next.
    static void run_task(std::function<void()>& task) noexcept {
        try {
            task();
        } catch (const std::exception& error) {
            spdlog::error("a worker task failed: {}", error.what());
        } catch (...) {
            spdlog::error("a worker task failed with a non-standard exception");
        }
    }
};

WorkerPool::WorkerPool(unsigned threads) : impl_(std::make_unique<Impl>()), threads_(threads) {
    impl_->threads.reserve(threads);
    try {
        for (unsigned i = 0; i < threads; ++i) {
            impl_->threads.emplace_back([impl = impl_.get()] { impl->run(); });
        }
    } catch (...) {  // the threads started so far must be joined before they are destroyed
        stop();
        throw;
    }
}

WorkerPool::~WorkerPool() {
    stop();
}

void WorkerPool::post(std::function<void()> task) {
    auto& impl = *impl_;
    std::unique_lock lock(impl.mutex);
    if (impl.stopping) {
        return;
    }
    impl.tasks.push_back(std::move(task));
    impl.queued.store(impl.tasks.size(), std::memory_order_relaxed);
    if (impl.tasks.size() > impl.waking + impl.spinning && impl.idle > impl.waking) {
        ++impl.waking;
        lock.unlock();
        impl.wake.notify_one();
    }
}

void WorkerPool::stop() {
    std::call_once(impl_->joined, [&impl = *impl_] {
        {
            const std::lock_guard lock(impl.mutex);
            impl.stopping = true;
        }
        impl.wake.notify_all();
        for (auto& thread : impl.threads) {
            thread.join();
        }
    });
}

}  // namespace rapport::runtime
