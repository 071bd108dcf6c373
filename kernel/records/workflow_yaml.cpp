#include "records/workflow_yaml.hpp"

#include "records/field_text.hpp"

#include <yaml-cpp/yaml.h>

#include <set>

namespace rapport::records {
namespace {

// "in_progress" → "In progress".
std::string label_of(const std::string& name) {
    std::string label = name;
    std::replace(label.begin(), label.end(), '_', ' ');
    if (!label.empty() && label[0] >= 'a' && label[0] <= 'z') {
        label[0] = static_cast<char>(label[0] - 'a' + 'A');
    }
    return label;
}

class WorkflowReader {
  public:
    WorkflowReader(const EntityDefinition& entity, const ReportProblem& report)
        : entity_(entity), report_(report), where_("entity " + entity.name + ": workflow") {}

    Workflow read(const YAML::Node& node) {
        Workflow workflow;
        if (!node.IsMap()) {
            report_(node, where_ + ": expected a mapping with field, kind and transitions");
            return workflow;
        }
        static const std::set<std::string> keys{"field", "kind", "states", "action_only",
                                                "transitions"};
        for (const auto& entry : node) {
            if (!keys.contains(entry.first.Scalar())) {
                report_(entry.first, where_ + ": unknown option '" + entry.first.Scalar() + "'");
            }
        }
        const FieldDefinition* field = read_field(node, workflow);
        read_kind(node, workflow);
        read_states(node, field, workflow);
        for (const auto& state : names(node["action_only"], "action_only")) {
            require_state(node["action_only"], workflow, state, "action_only");
            workflow.action_only.push_back(state);
        }
        if (node["transitions"] && !node["transitions"].IsSequence()) {
            report_(node["transitions"], where_ + ": transitions must be a list");
        } else if (node["transitions"]) {
            for (const auto& item : node["transitions"]) {
                read_transition(item, workflow);
            }
        }
        return workflow;
    }

  private:
    const FieldDefinition* read_field(const YAML::Node& node, Workflow& workflow) {
        if (!node["field"]) {
            report_(node, where_ + ": field names the enum field holding the state");
            return nullptr;
        }
        workflow.field = node["field"].Scalar();
        const FieldDefinition* field = entity_.field(workflow.field);
        if (!field || field->type != sdk::FieldType::enumeration) {
            report_(node["field"],
                    where_ + ": '" + workflow.field + "' is not an enum field of " + entity_.name);
            return nullptr;
        }
        return field;
    }

    void read_kind(const YAML::Node& node, Workflow& workflow) {
        const std::string kind = node["kind"] ? node["kind"].Scalar() : "free";
        if (kind != "free" && kind != "strict") {
            report_(node["kind"], where_ + ": kind is free or strict, not '" + kind + "'");
        }
        workflow.kind = kind == "strict" ? WorkflowKind::strict : WorkflowKind::free;
    }

    // The states default to the field's values; declared, they must be exactly those values.
    void read_states(const YAML::Node& node, const FieldDefinition* field, Workflow& workflow) {
        if (node["states"] && !node["states"].IsSequence()) {
            report_(node["states"], where_ + ": states must be a list");
        } else if (node["states"]) {
            for (const auto& item : node["states"]) {
                workflow.states.push_back(read_state(item));
            }
        } else if (field) {
            for (const auto& value : field->values) {
                workflow.states.push_back({value, label_of(value)});
            }
        }
        if (!field) {
            return;
        }
        for (const auto& state : workflow.states) {
            if (std::find(field->values.begin(), field->values.end(), state.name) ==
                field->values.end()) {
                report_(node["states"], where_ + ": state '" + state.name + "' is not a value of " +
                                            entity_.name + "." + field->name);
            }
        }
        for (const auto& value : field->values) {
            if (!workflow.state(value)) {
                report_(node["states"], where_ + ": value '" + value + "' of " + entity_.name +
                                            "." + field->name + " is not among the states");
            }
        }
        const auto* initial = std::get_if<std::string>(&field->default_value);
        if (initial && !workflow.states.empty() && *initial != workflow.states.front().name) {
            report_(node, where_ + ": the default of " + field->name + " ('" + *initial +
                              "') must be the first state ('" + workflow.states.front().name +
                              "')");
        }
    }

    WorkflowState read_state(const YAML::Node& item) {
        if (item.IsScalar()) {
            return {item.Scalar(), label_of(item.Scalar())};
        }
        WorkflowState state;
        if (!item.IsMap() || !item["name"]) {
            report_(item, where_ + ": a state is a name or {name, label, folded, closed}");
            return state;
        }
        state.name = item["name"].Scalar();
        state.label = item["label"] ? item["label"].Scalar() : label_of(state.name);
        state.folded = flag(item, "folded");
        state.closed = flag(item, "closed");
        return state;
    }

    void read_transition(const YAML::Node& item, Workflow& workflow) {
        Transition transition;
        if (!item.IsMap() || !item["name"] || !item["to"]) {
            report_(item, where_ + ": a transition has at least a name and a to state");
            return;
        }
        static const std::set<std::string> keys{"name",    "from", "to",     "roles",
                                                "require", "set",  "params", "internal"};
        for (const auto& entry : item) {
            if (!keys.contains(entry.first.Scalar())) {
                report_(entry.first,
                        where_ + ": unknown transition option '" + entry.first.Scalar() + "'");
            }
        }
        transition.name = item["name"].Scalar();
        const std::string where = where_ + ": transition " + transition.name;
        if (!is_valid_identifier(transition.name)) {
            report_(item["name"], where + ": names are lower-case identifiers");
        }
        if (workflow.transition(transition.name)) {
            report_(item["name"], where + ": declared twice");
        }
        transition.from = names(item["from"], "from");
        if (transition.from.empty()) {
            report_(item, where + ": from lists the states it starts from");
        }
        for (const auto& state : transition.from) {
            require_state(item["from"], workflow, state, "transition " + transition.name);
        }
        transition.to = item["to"].Scalar();
        require_state(item["to"], workflow, transition.to, "transition " + transition.name);
        transition.roles = names(item["roles"], "roles");
        transition.internal = flag(item, "internal");
        for (const auto& field : names(item["require"], "require")) {
            settable_field(item["require"], where, field);
            transition.require.push_back(field);
        }
        read_set(item["set"], where, workflow, transition);
        read_params(item["params"], where, transition);
        workflow.transitions.push_back(std::move(transition));
    }

    void read_set(const YAML::Node& node, const std::string& where, const Workflow& workflow,
                  Transition& transition) {
        if (!node) {
            return;
        }
        if (!node.IsMap()) {
            report_(node, where + ": set maps fields to values");
            return;
        }
        for (const auto& entry : node) {
            const std::string& name = entry.first.Scalar();
            const FieldDefinition* field = settable_field(entry.first, where, name);
            if (!field) {
                continue;
            }
            if (name == workflow.field) {
                report_(entry.first, where + ": the state is set by to, not by set");
                continue;
            }
            auto parsed = parse_field_text(
                *field, entry.second.IsScalar() ? entry.second.Scalar() : std::string());
            if (const auto* problem = std::get_if<std::string>(&parsed)) {
                report_(entry.second, where + ": set " + name + ": " + *problem);
                continue;
            }
            transition.set.emplace_back(name, std::get<sdk::Value>(std::move(parsed)));
        }
    }

    void read_params(const YAML::Node& node, const std::string& where, Transition& transition) {
        if (!node) {
            return;
        }
        if (!node.IsMap()) {
            report_(node, where + ": params maps parameter names to the fields they fill");
            return;
        }
        for (const auto& entry : node) {
            if (settable_field(entry.second, where, entry.second.Scalar())) {
                transition.params.emplace_back(entry.first.Scalar(), entry.second.Scalar());
            }
        }
    }

    // A field a transition may write or require: declared, stored, not a system field.
    const FieldDefinition* settable_field(const YAML::Node& node, const std::string& where,
                                          const std::string& name) {
        const FieldDefinition* field = entity_.field(name);
        if (!field || field->system || field->computed) {
            report_(node, where + ": '" + name + "' is not a field of " + entity_.name +
                              " a transition may write");
            return nullptr;
        }
        return field;
    }

    void require_state(const YAML::Node& node, const Workflow& workflow, const std::string& state,
                       const std::string& what) {
        if (!workflow.state(state)) {
            report_(node, where_ + ": " + what + ": '" + state + "' is not a state");
        }
    }

    // A list of scalars (or one scalar); reports anything else.
    std::vector<std::string> names(const YAML::Node& node, const std::string& what) {
        std::vector<std::string> result;
        if (!node) {
            return result;
        }
        if (node.IsScalar()) {
            return {node.Scalar()};
        }
        if (!node.IsSequence()) {
            report_(node, where_ + ": " + what + " must be a list of names");
            return result;
        }
        for (const auto& item : node) {
            result.push_back(item.Scalar());
        }
        return result;
    }

    bool flag(const YAML::Node& node, const char* key) {
        if (!node[key]) {
            return false;
        }
        if (node[key].Scalar() != "true" && node[key].Scalar() != "false") {
            report_(node[key], where_ + ": " + key + " is true or false");
        }
        return node[key].Scalar() == "true";
    }

    const EntityDefinition& entity_;
    const ReportProblem& report_;
    std::string where_;
};

}  // namespace

void read_workflow(EntityDefinition& entity, const YAML::Node& node, const ReportProblem& report) {
    entity.workflow = WorkflowReader(entity, report).read(node);
}

void read_actions(EntityDefinition& entity, const YAML::Node& node, const ReportProblem& report) {
    const std::string where = "entity " + entity.name + ": actions";
    if (!node.IsSequence()) {
        report(node, where + ": expected a list of action names");
        return;
    }
    for (const auto& item : node) {
        const std::string& name = item.Scalar();
        if (!is_valid_identifier(name)) {
            report(item, where + ": '" + name + "' is not a lower-case identifier");
        } else if (std::find(entity.actions.begin(), entity.actions.end(), name) !=
                   entity.actions.end()) {
            report(item, where + ": '" + name + "' is listed twice");
        }
        entity.actions.push_back(name);
    }
}

}  // namespace rapport::records
