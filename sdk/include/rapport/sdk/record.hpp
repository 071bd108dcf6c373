// A record as a plugin sees it: its entity, id and version, and a value per field name. Values
// are the SDK's (value.hpp): money and decimals as Decimal, datetimes as Timestamp, references
// as ids.
#pragma once

#include <rapport/sdk/value.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace rapport::sdk {

using FieldMap = std::map<std::string, Value, std::less<>>;

struct Record {
    std::string entity;
    std::int64_t id = 0;
    std::int64_t version = 0;
    FieldMap values;  // every field the reader may see, system fields included

    // The field's value; null (monostate) when the record has no such field.
    const Value& get(std::string_view field) const;
};

}  // namespace rapport::sdk
