// Reads the `entities:` mapping of a plugin manifest (or of the kernel's base entities)
// into EntityDefinitions, reporting every problem at once with its line.
#pragma once

#include "records/entity_definition.hpp"

#include <string_view>
#include <vector>

namespace rapport::records {

// `yaml` holds a mapping of entity name to {label, fields: {name: {type, ...}}}.
// Throws DefinitionError naming `source` and the line of each problem.
std::vector<EntityDefinition> parse_entities_yaml(std::string_view yaml, std::string_view owner,
                                                  std::string_view source);

// `yaml` holds a mapping of field name to {type, ...}, as under an entity's `fields:` (a
// plugin's settings are declared so); problems name a field as `<where>.<name>`. The fields
// come without the system fields of an entity. Throws DefinitionError.
std::vector<FieldDefinition> parse_fields_yaml(std::string_view yaml, std::string_view where,
                                               std::string_view source);

}  // namespace rapport::records
