#include "record_pages.hpp"

namespace rapport::sales {
namespace {

constexpr std::size_t page_size = 1000;  // the most a list answers at once

}  // namespace

void for_each_record(sdk::RecordStore& records, std::string_view entity, const Filters& filters,
                     const std::function<void(const sdk::Record&)>& visit) {
    std::int64_t last = 0;
    for (;;) {
        Filters query = filters;
        query.emplace_back("id", "gt." + std::to_string(last));
        query.emplace_back("order", "id.asc");
        query.emplace_back("limit", std::to_string(page_size));
        const auto page = records.list(entity, query);
        for (const auto& record : page) {
            visit(record);
        }
        if (page.size() < page_size) {
            return;
        }
        last = page.back().id;
    }
}

}  // namespace rapport::sales
