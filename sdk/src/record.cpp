#include <rapport/sdk/record.hpp>
#include <rapport/sdk/record_store.hpp>

namespace rapport::sdk {

const Value& Record::get(std::string_view field) const {
    static const Value null;
    const auto it = values.find(field);
    return it == values.end() ? null : it->second;
}

RecordStore::~RecordStore() = default;

}  // namespace rapport::sdk
