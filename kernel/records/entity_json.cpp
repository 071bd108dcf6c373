#include "records/entity_json.hpp"

#include "records/record_json.hpp"

#include <boost/json.hpp>

namespace rapport::records {
namespace {

boost::json::object field_to_json(const FieldDefinition& field) {
    boost::json::object json{{"name", field.name},
                             {"label", field.label},
                             {"type", sdk::field_type_name(field.type)},
                             {"required", field.required},
                             {"unique", field.unique},
                             {"readonly", field.readonly},
                             {"system", field.system}};
    if (!field.values.empty()) {
        json["values"] = boost::json::value_from(field.values);
    }
    if (field.computed) {
        json["computed"] = true;
    }
    if (!field.target.empty()) {
        json["to"] = field.target;
    }
    if (!sdk::is_null(field.default_value)) {
        json["default"] = value_to_json(field, field.default_value);
    }
    if (field.min) {
        json["min"] = field.min->to_string();
    }
    if (field.max) {
        json["max"] = field.max->to_string();
    }
    return json;
}

}  // namespace

boost::json::object entity_to_json(const EntityDefinition& entity) {
    boost::json::array fields;
    for (const auto& field : entity.fields) {
        fields.push_back(field_to_json(field));
    }
    return {{"name", entity.name},
            {"label", entity.label},
            {"owner", entity.owner},
            {"fields", std::move(fields)}};
}

}  // namespace rapport::records
