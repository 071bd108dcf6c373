// Records in the JSON of the API (ARCHITECTURE.md §7): integer ids and references, money and
// decimals as fixed-scale strings, percent as numbers, RFC 3339 UTC datetimes, YYYY-MM-DD dates.
#pragma once

#include "records/record.hpp"

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace rapport::records {

boost::json::value value_to_json(const FieldDefinition& field, const sdk::Value& value);
// The value a client sent for `field` (null is no value), checked against the JSON kind §7
// gives its type (no "5" for an integer, no 5 for a string), its values and its range; else
// what was expected ("expected an integer").
std::variant<sdk::Value, std::string> value_from_json(const FieldDefinition& field,
                                                      const boost::json::value& json);

// `select` empty: every field.
boost::json::object record_to_json(const Record& record,
                                   const std::vector<std::string>& select = {});
// The record as it leaves the server for a third party (a webhook's receiver): every field
// it shows but the write-only ones, which nobody reads back (a user's password hash, a
// webhook's secret).
boost::json::object record_to_outbound_json(const Record& record);

// The fields a client sends in a create or update body. Throws sdk::Error: 400 when the body
// is not an object, 422 with one detail per bad field (unknown, read-only, wrong type,
// out of range) otherwise.
FieldValues values_from_json(const EntityDefinition& entity, const boost::json::value& body);
// The same for a create, whose 422 also names the required fields the body leaves out, so
// that one answer lists every field to fix (the store checks the rest: references, unique
// values).
FieldValues create_values_from_json(const EntityDefinition& entity, const boost::json::value& body);

}  // namespace rapport::records
