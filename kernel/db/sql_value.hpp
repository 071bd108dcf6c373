// A value crossing the SQL boundary. Only exact types: money, decimals and times travel as
// text or integers chosen by the dialect, never as double.
#pragma once

#include <string>
#include <variant>

namespace rapport::db {

using SqlValue = std::variant<std::monostate, long long, std::string>;

inline bool is_null(const SqlValue& value) {
    return std::holds_alternative<std::monostate>(value);
}

// SQLite reports the result of an expression (count(*), sum(x)) as text, so integer readers
// accept digits in either form. Both throw DatabaseError on NULL or a non-integer.
long long as_integer(const SqlValue& value);
std::string as_text(const SqlValue& value);

}  // namespace rapport::db
