// The active records of an entity (its `active` field true), read at most once per
// time-to-live: the webhooks and automation rules every record event consults. Changes made in this
// process clear it at once; those of other processes show within the time-to-live, as role changes
// do.
#pragma once

#include "records/record.hpp"

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace rapport::records {
class RecordStore;
}

namespace rapport::workflow {

class CachedList {
  public:
    CachedList(records::RecordStore& store, std::string entity,
               std::chrono::milliseconds time_to_live);

    // The records, read with the kernel's authority when the copy is older than the
    // time-to-live or was cleared.
    std::shared_ptr<const std::vector<records::Record>> get();
    void clear();

  private:
    records::RecordStore& store_;
    std::string entity_;
    std::chrono::milliseconds time_to_live_;
    std::mutex mutex_;
    std::shared_ptr<const std::vector<records::Record>> records_;
    std::chrono::steady_clock::time_point read_at_;
};

}  // namespace rapport::workflow
