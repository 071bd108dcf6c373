#include "runtime/worker_pool.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <stdexcept>
#include <thread>
#include <vector>

namespace rapport::runtime {
namespace {

using namespace std::chrono_literals;

TEST(WorkerPool, RunsEveryTaskPostedFromSeveralThreads) {
    std::atomic<int> ran = 0;
    WorkerPool pool(3);
    std::vector<std::thread> posters;
    for (int p = 0; p < 4; ++p) {
        posters.emplace_back([&] {
            for (int i = 0; i < 2500; ++i) {
                pool.post([&] { ++ran; });
            }
        });
    }
    for (auto& poster : posters) {
        poster.join();
    }
    pool.stop();
    EXPECT_EQ(ran, 10000);
}

// A blocked task (a database round trip) must not keep a task posted after it waiting while
// another thread is idle.
TEST(WorkerPool, AnIdleThreadTakesATaskWhileAnotherBlocks) {
    WorkerPool pool(2);
    std::promise<void> second_ran;
    std::promise<bool> first_saw_it;
    pool.post([&, done = second_ran.get_future().share()] {
        first_saw_it.set_value(done.wait_for(10s) == std::future_status::ready);
    });
    std::this_thread::sleep_for(10ms);  // the first task is running and blocked
    pool.post([&] { second_ran.set_value(); });
    EXPECT_TRUE(first_saw_it.get_future().get());
}

TEST(WorkerPool, StopRunsTheQueuedTasksAndDropsLaterPosts) {
    std::atomic<int> ran = 0;
    WorkerPool pool(1);
    std::promise<void> release;
    pool.post([done = release.get_future().share()] { done.wait(); });
    for (int i = 0; i < 10; ++i) {
        pool.post([&] { ++ran; });
    }
    release.set_value();
    pool.stop();
    EXPECT_EQ(ran, 10);
    pool.post([&] { ++ran; });
    pool.stop();
    EXPECT_EQ(ran, 10);
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
