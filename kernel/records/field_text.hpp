// Field values given as text (query-string filter values, CSV cells) parsed into the typed
// sdk::Value their field holds, and the min/max checks that every input path shares.
#pragma once

#include "records/entity_definition.hpp"

#include <rapport/sdk/field_type.hpp>
#include <rapport/sdk/value.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace rapport::records {

// The value, or a message saying what was expected ("expected a date YYYY-MM-DD"). Empty text
// is null. Lists (references, strings) are comma-separated. Includes check_range.
std::variant<sdk::Value, std::string> parse_field_text(const FieldDefinition& field,
                                                       std::string_view text);
// The same without check_range, for filters: a list may look for any value of the type
// (amount=lt.-1 finds nothing; it is no error).
std::variant<sdk::Value, std::string> parse_typed_text(const FieldDefinition& field,
                                                       std::string_view text);

// The inverse, for CSV export: what parse_field_text reads back as the same value. Null is
// empty; lists are comma-separated; datetimes RFC 3339 UTC; booleans true/false.
std::string format_field_text(const sdk::Value& value);

// Numbers against min/max; text, list items and JSON against min length and max_length(),
// counted in characters.
// Nullopt when the value fits, else what is accepted ("expected at most 100").
std::optional<std::string> check_range(const FieldDefinition& field, const sdk::Value& value);

// The items of a comma-separated list, untrimmed; "" is one empty item.
std::vector<std::string_view> split_on_commas(std::string_view text);

// A record id: a positive integer in decimal digits.
std::optional<std::int64_t> parse_record_id(std::string_view text);

// Adds `id` to a references list unless it holds it already: a record is in a list once (its
// first place counts), however often a JSON array or a CSV cell names it.
void add_reference(sdk::References& ids, std::int64_t id);

// Number types (integer, decimal, money, percent): min/max, sums and averages apply.
bool is_number_type(sdk::FieldType type) noexcept;

// Free-text types (string, text, email, phone, url): length limits, like and ilike apply.
bool is_text_type(sdk::FieldType type) noexcept;

}  // namespace rapport::records
