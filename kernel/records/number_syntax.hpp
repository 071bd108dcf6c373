// The text of a plain decimal number, as YAML's core schema and spreadsheets read one.
#pragma once

#include <string_view>

namespace rapport::records {

// [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?: "-12.50", "+3e-4", ".5"; not "-", "1e"
// or "12abc".
bool is_decimal_number(std::string_view text);

}  // namespace rapport::records
