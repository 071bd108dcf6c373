// A value read at most once per time-to-live, shared by the threads that ask for it: the
// active webhooks and automation rules every record event consults, the webhooks' targets every
// delivery batch needs. Changes made in this process clear it at once; those of other processes
// show within the time-to-live, as role changes do.
#pragma once

#include "records/record.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace rapport::records {
class RecordStore;
}

namespace rapport::workflow {

template <typename Value>
class Cached {
  public:
    Cached(std::function<Value()> read, std::chrono::milliseconds time_to_live)
        : read_(std::move(read)), time_to_live_(time_to_live) {}

    // The value, read again when the copy is older than the time-to-live or was cleared. Keep
    // the pointer while using the value: a copy read while the cache was cleared is not kept,
    // so the caller may be its only owner. `for (x : *cached.get())` would destroy it before
    // the loop runs (rapportd crashed so under load while a webhook changed).
    std::shared_ptr<const Value> get() {
        const auto now = std::chrono::steady_clock::now();
        std::uint64_t generation = 0;
        {
            const std::lock_guard lock(mutex_);
            if (value_ && now - read_at_ <= time_to_live_) {
                return value_;
            }
            generation = generation_;
        }
        // Read without the lock: the read may wait for a database connection, and the threads
        // holding the connections may be waiting for this lock. Threads that find the copy
        // stale at once each read it.
        auto fresh = std::make_shared<const Value>(read_());
        const std::lock_guard lock(mutex_);
        if (generation == generation_) {  // not cleared since the read began
            value_ = fresh;
            read_at_ = now;
        }
        return fresh;
    }

    void clear() {
        const std::lock_guard lock(mutex_);
        value_.reset();
        ++generation_;
    }

  private:
    std::function<Value()> read_;
    std::chrono::milliseconds time_to_live_;
    std::mutex mutex_;
    std::shared_ptr<const Value> value_;
    std::chrono::steady_clock::time_point read_at_;
    std::uint64_t generation_ = 0;  // clears so far
};

// The active records of an entity (its `active` field true), read with the kernel's authority.
using CachedList = Cached<std::vector<records::Record>>;
std::function<std::vector<records::Record>()> active_records(records::RecordStore& store,
                                                             std::string entity);

}  // namespace rapport::workflow
