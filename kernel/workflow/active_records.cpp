#include "records/query.hpp"
#include "records/record_store.hpp"
#include "workflow/cached.hpp"

namespace rapport::workflow {

std::function<std::vector<records::Record>()> active_records(records::RecordStore& store,
                                                             std::string entity) {
    return [&store, entity = std::move(entity)] {
        records::ListQuery query;
        query.conditions.push_back({"active", records::Operator::is_true, false, {}});
        query.limit = 1000;
        query.count_total = false;
        return store.list(store.system_caller(), store.entity(entity), query).items;
    };
}

}  // namespace rapport::workflow
