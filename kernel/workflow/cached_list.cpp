#include "workflow/cached_list.hpp"

#include "records/record_store.hpp"

namespace rapport::workflow {

CachedList::CachedList(records::RecordStore& store, std::string entity, records::ListQuery query,
                       std::chrono::milliseconds time_to_live)
    : store_(store)
    , entity_(std::move(entity))
    , query_(std::move(query))
    , time_to_live_(time_to_live) {}

std::shared_ptr<const std::vector<records::Record>> CachedList::get() {
    const auto now = std::chrono::steady_clock::now();
    std::lock_guard lock(mutex_);
    if (!records_ || now - read_at_ > time_to_live_) {
        auto items = store_.list(store_.system_caller(), store_.entity(entity_), query_).items;
        records_ = std::make_shared<const std::vector<records::Record>>(std::move(items));
        read_at_ = now;
    }
    return records_;
}

void CachedList::clear() {
    std::lock_guard lock(mutex_);
    records_.reset();
}

}  // namespace rapport::workflow
