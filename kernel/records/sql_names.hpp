// Identifiers in generated SQL. Entity and field names are validated identifiers from the
// schema, never request input; quoting them keeps reserved words ("user", "order") usable.
#pragma once

#include "records/entity_definition.hpp"

#include <string>
#include <string_view>

namespace rapport::records {

inline std::string quoted(std::string_view identifier) {
    return "\"" + std::string(identifier) + "\"";
}

// The join table of a `references` field: "<entity>__<field>".
inline std::string join_table(const EntityDefinition& entity, const FieldDefinition& field) {
    return entity.name + "__" + field.name;
}

}  // namespace rapport::records
