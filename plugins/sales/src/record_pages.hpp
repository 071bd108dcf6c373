// Reading every record a query selects, however many: a list answers at most 1000 records, so
// they are read a page at a time, in id order.
#pragma once

#include <rapport/sdk/record_store.hpp>

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rapport::sales {

using Filters = std::vector<std::pair<std::string, std::string>>;

// Calls `visit` with every record of `entity` that `filters` (the list API's, e.g.
// {"order_id", "eq.5"}) select, in id order.
void for_each_record(sdk::RecordStore& records, std::string_view entity, const Filters& filters,
                     const std::function<void(const sdk::Record&)>& visit);

}  // namespace rapport::sales
