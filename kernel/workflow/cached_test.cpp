#include "workflow/cached.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <string>
#include <thread>

namespace rapport::workflow {
namespace {

using namespace std::chrono_literals;

// A cache of a string that counts its reads; `during_read` runs inside each read.
struct CountedCache {
    explicit CountedCache(std::chrono::milliseconds time_to_live)
        : cache([this] { return read(); }, time_to_live) {}

    std::string read() {
        ++reads;
        if (during_read) {
            during_read();
        }
        return "value " + std::to_string(reads);
    }

    int reads = 0;
    std::function<void()> during_read;
    Cached<std::string> cache;
};

TEST(Cached, ReadsOnceWithinItsTimeToLive) {
    CountedCache counted(1h);
    EXPECT_EQ(*counted.cache.get(), "value 1");
    EXPECT_EQ(*counted.cache.get(), "value 1");
    EXPECT_EQ(counted.reads, 1);
}

TEST(Cached, ReadsAgainOnceCleared) {
    CountedCache counted(1h);
    counted.cache.get();
    counted.cache.clear();
    EXPECT_EQ(*counted.cache.get(), "value 2");
    EXPECT_EQ(counted.reads, 2);
}

TEST(Cached, ReadsAgainOnceTheCopyIsOlderThanItsTimeToLive) {
    CountedCache counted(1ms);
    counted.cache.get();
    std::this_thread::sleep_for(5ms);
    EXPECT_EQ(*counted.cache.get(), "value 2");
}

// A read that a clear overtook may hold what the clear was for: it is handed to its caller
// but not kept, so the next get reads again.
TEST(Cached, AReadOvertakenByAClearIsNotKept) {
    CountedCache counted(1h);
    counted.during_read = [&] { counted.cache.clear(); };
    EXPECT_EQ(*counted.cache.get(), "value 1");
    counted.during_read = nullptr;
    EXPECT_EQ(*counted.cache.get(), "value 2");
    EXPECT_EQ(*counted.cache.get(), "value 2");
}

// The crash this class once caused: a value that a clear drops from the cache lives on for as
// long as a caller holds it (AddressSanitizer reports the use otherwise).
TEST(Cached, AValueOutlivesTheClearThatDropsItWhileItsCallerHoldsIt) {
    CountedCache counted(1h);
    const auto held = counted.cache.get();
    counted.cache.clear();
    counted.cache.get();
    EXPECT_EQ(*held, "value 1");

    counted.cache.clear();
    counted.during_read = [&] { counted.cache.clear(); };
    const auto sole_owner = counted.cache.get();  // read while cleared: not kept by the cache
    counted.during_read = nullptr;
    counted.cache.get();
    EXPECT_EQ(*sole_owner, "value 3");
}

}  // namespace
}  // namespace rapport::workflow
