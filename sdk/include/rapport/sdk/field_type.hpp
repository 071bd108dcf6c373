// The types a record field can have (ARCHITECTURE.md §4), as declared in entity YAML.
#pragma once

#include <optional>
#include <string_view>

namespace rapport::sdk {

enum class FieldType {
    string,  // one line, max length
    text,    // long text
    integer,
    decimal,  // exact, fixed scale (default 2)
    money,    // decimal with scale 2
    percent,  // a number 0..100 with up to 2 decimals: 60, 12.5
    boolean,
    date,         // YYYY-MM-DD
    datetime,     // RFC 3339 UTC
    enumeration,  // "enum" in YAML: one of the declared values
    reference,    // the id of a record of another entity
    references,   // a list of ids, stored in a join table
    strings,      // a list of strings
    email,
    phone,
    url,
    json,
};

std::optional<FieldType> parse_field_type(std::string_view name) noexcept;
std::string_view field_type_name(FieldType type) noexcept;

}  // namespace rapport::sdk
