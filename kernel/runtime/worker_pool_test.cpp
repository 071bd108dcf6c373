#include "runtime/worker_pool.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <stdexcept>
#include <thread>
#include <vector>

namespace rapport::runtime {
namespace {

using namespace std::chrono_literals;

// Waits until `done` holds, for at most 10 s.
template <typename Predicate>
bool eventually(Predicate done) {
    const auto until = std::chrono::steady_clock::now() + 10s;
    while (!done() && std::chrono::steady_clock::now() < until) {
        std::this_thread::sleep_for(1ms);
    }
    return done();
}

// Checked before stop(), which wakes every thread: a task left in the queue while the threads
// sleep would be found here.
TEST(WorkerPool, RunsEveryTaskPostedFromSeveralThreadsWithoutBeingStopped) {
    std::atomic<int> ran = 0;
    WorkerPool pool(3);
    for (int round = 0; round < 20; ++round) {
        std::vector<std::thread> posters;
        for (int p = 0; p < 4; ++p) {
            posters.emplace_back([&] {
                for (int i = 0; i < 100; ++i) {
                    pool.post([&] { ++ran; });
                }
            });
        }
        for (auto& poster : posters) {
            poster.join();
        }
        ASSERT_TRUE(eventually([&] { return ran == 400 * (round + 1); })) << "round " << round;
        std::this_thread::sleep_for(1ms);  // the threads go back to sleep between rounds
    }
}

// A blocked task (a database round trip) must not keep a task posted after it waiting while
// another thread is idle.
TEST(WorkerPool, AnIdleThreadTakesATaskWhileAnotherBlocks) {
    std::promise<void> second_ran;
    std::promise<bool> first_saw_it;
    auto saw_it = first_saw_it.get_future();
    WorkerPool pool(2);  // declared last: its threads end before the promises go
    pool.post([&, done = second_ran.get_future().share()] {
        first_saw_it.set_value(done.wait_for(10s) == std::future_status::ready);
    });
    std::this_thread::sleep_for(10ms);  // the first task is running and blocked
    pool.post([&] { second_ran.set_value(); });
    ASSERT_EQ(saw_it.wait_for(20s), std::future_status::ready);
    EXPECT_TRUE(saw_it.get());
}

TEST(WorkerPool, StopRunsTheQueuedTasksAndDropsLaterPosts) {
    std::atomic<int> ran = 0;
    std::promise<void> release;
    WorkerPool pool(1);
    pool.post([done = release.get_future().share()] { done.wait(); });
    for (int i = 0; i < 10; ++i) {
        pool.post([&] { ++ran; });
    }
    release.set_value();
    pool.stop();
    EXPECT_EQ(ran, 10);
    const auto captured = std::make_shared<int>(0);
    pool.post([&ran, captured] { ++ran; });
    pool.stop();
    EXPECT_EQ(ran, 10);
    EXPECT_EQ(captured.use_count(), 1);  // dropped, not kept
}

TEST(WorkerPool, ATaskThatThrowsLosesOnlyItself) {
    std::atomic<int> ran = 0;
    WorkerPool pool(1);
    pool.post([] { throw std::runtime_error("a failing task"); });
    pool.post([&] { ++ran; });
    pool.stop();
    EXPECT_EQ(ran, 1);
}

}  // namespace
}  // namespace rapport::runtime
