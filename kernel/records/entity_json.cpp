#include "records/entity_json.hpp"

#include "records/record_json.hpp"

#include <boost/json.hpp>

namespace rapport::records {
namespace {

boost::json::array names_json(const std::vector<std::string>& names) {
    return boost::json::array(names.begin(), names.end());
}

// States and transitions, for status bars and buttons.
boost::json::object workflow_to_json(const Workflow& workflow) {
    boost::json::array states;
    for (const auto& state : workflow.states) {
        states.push_back({{"name", state.name},
                          {"label", state.label},
                          {"folded", state.folded},
                          {"closed", state.closed}});
    }
    boost::json::array transitions;
    for (const auto& transition : workflow.transitions) {
        transitions.push_back({{"name", transition.name},
                               {"from", names_json(transition.from)},
                               {"to", transition.to},
                               {"roles", names_json(transition.roles)},
                               {"require", names_json(transition.require)},
                               {"internal", transition.internal}});
    }
    // A board may drag a card to any state of a free workflow but these.
    return {{"field", workflow.field},
            {"kind", workflow.kind == WorkflowKind::strict ? "strict" : "free"},
            {"action_only", names_json(workflow.action_only)},
            {"states", std::move(states)},
            {"transitions", std::move(transitions)}};
}

}  // namespace

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

boost::json::object entity_to_json(const EntityDefinition& entity) {
    boost::json::array fields;
    for (const auto& field : entity.fields) {
        fields.push_back(field_to_json(field));
    }
    boost::json::object json{{"name", entity.name},
                             {"label", entity.label},
                             {"owner", entity.owner},
                             {"fields", std::move(fields)},
                             {"actions", names_json(entity.actions)}};
    if (entity.workflow) {
        json["workflow"] = workflow_to_json(*entity.workflow);
    }
    if (!entity.owner_field.empty()) {
        json["owner_field"] = entity.owner_field;
    }
    return json;
}

}  // namespace rapport::records
