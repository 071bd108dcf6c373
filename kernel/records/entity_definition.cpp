#include "records/entity_definition.hpp"

#include <algorithm>

namespace rapport::records {

std::size_t FieldDefinition::max_length() const {
    if (max) {
        return static_cast<std::size_t>(std::max<std::int64_t>(0, max->units()));
    }
    return type == sdk::FieldType::text || type == sdk::FieldType::json ? 1024 * 1024 : 255;
}

const FieldDefinition* EntityDefinition::field(std::string_view name) const {
    const auto it = std::find_if(fields.begin(), fields.end(),
                                 [&](const FieldDefinition& field) { return field.name == name; });
    return it == fields.end() ? nullptr : &*it;
}

std::vector<FieldDefinition> system_fields() {
    const auto system = [](std::string name, std::string label, sdk::FieldType type) {
        FieldDefinition field;
        field.name = std::move(name);
        field.label = std::move(label);
        field.type = type;
        field.readonly = true;
        field.system = true;
        field.scale = 0;
        return field;
    };
    return {
        system("id", "ID", sdk::FieldType::integer),
        system("created_at", "Created", sdk::FieldType::datetime),
        system("updated_at", "Updated", sdk::FieldType::datetime),
        system("created_by", "Created by", sdk::FieldType::integer),
        system("owner_id", "Owner", sdk::FieldType::integer),
        system("version", "Version", sdk::FieldType::integer),
    };
}

bool is_valid_identifier(std::string_view name) noexcept {
    return !name.empty() && name.size() <= 48 && name.front() >= 'a' && name.front() <= 'z' &&
           std::all_of(name.begin(), name.end(), [](char c) {
               return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
           });
}

}  // namespace rapport::records
