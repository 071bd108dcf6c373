// The value of one record field, typed. Which alternative a field holds follows its type:
// integer and reference → int64; decimal, money, percent → Decimal; boolean → bool;
// date → Date; datetime → Timestamp; references → References; strings → Strings;
// json → Json; every text-like type (string, text, enum, email, phone, url) → std::string.
#pragma once

#include <rapport/sdk/date.hpp>
#include <rapport/sdk/decimal.hpp>
#include <rapport/sdk/timestamp.hpp>

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace rapport::sdk {

using References = std::vector<std::int64_t>;
using Strings = std::vector<std::string>;

// A JSON document, kept as its serialised text.
struct Json {
    std::string text;
    bool operator==(const Json&) const = default;
};

using Value = std::variant<std::monostate, bool, std::int64_t, Decimal, std::string, Date,
                           Timestamp, References, Strings, Json>;

inline bool is_null(const Value& value) {
    return std::holds_alternative<std::monostate>(value);
}

}  // namespace rapport::sdk
