#include "workflow/cached_list.hpp"

#include "records/query.hpp"
#include "records/record_store.hpp"

namespace rapport::workflow {

namespace {

records::ListQuery active_ones() {
    records::ListQuery query;
    query.conditions.push_back({"active", records::Operator::is_true, false, {}});
    query.limit = 1000;
    query.count_total = false;
    return query;
}

}  // namespace

CachedList::CachedList(records::RecordStore& store, std::string entity,
                       std::chrono::milliseconds time_to_live)
    : store_(store), entity_(std::move(entity)), time_to_live_(time_to_live) {}

std::shared_ptr<const std::vector<records::Record>> CachedList::get() {
    const auto now = std::chrono::steady_clock::now();
    std::lock_guard lock(mutex_);
    if (!records_ || now - read_at_ > time_to_live_) {
        auto items =
            store_.list(store_.system_caller(), store_.entity(entity_), active_ones()).items;
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
