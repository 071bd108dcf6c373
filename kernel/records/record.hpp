// One record of an entity: a value per field, in the entity's field order.
#pragma once

#include "records/entity_definition.hpp"

#include <rapport/sdk/value.hpp>

#include <cstdint>
#include <memory>
#include <string_view>
#include <utility>
#include <vector>

namespace rapport::records {

struct Record {
    const EntityDefinition* entity = nullptr;
    std::vector<sdk::Value> values;  // values[i] belongs to entity->fields[i]
    // Fields the reader may not see (their values are cleared); null: every field is visible.
    std::shared_ptr<const std::vector<bool>> hidden;

    bool visible(std::size_t field) const { return !hidden || !(*hidden)[field]; }

    const sdk::Value& get(std::string_view field) const;
    std::int64_t id() const { return std::get<std::int64_t>(values.at(0)); }
    std::int64_t version() const;
};

// Values a client writes: the field and its new value (null clears it).
using FieldValues = std::vector<std::pair<const FieldDefinition*, sdk::Value>>;

}  // namespace rapport::records
