#include "records/entity_yaml.hpp"

#include "records/definition_error.hpp"
#include "records/field_text.hpp"
#include "records/workflow_yaml.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <optional>
#include <set>

namespace rapport::records {
namespace {

using sdk::FieldType;

constexpr std::array<std::string_view, 16> field_keys{
    "type", "label", "required", "unique", "default",   "index",  "readonly",   "min",
    "max",  "scale", "values",   "to",     "on_delete", "search", "write_only", "computed"};

bool is_numeric(FieldType type) {
    return type == FieldType::integer || type == FieldType::decimal || type == FieldType::money ||
           type == FieldType::percent;
}

bool is_text(FieldType type) {
    return type == FieldType::string || type == FieldType::text || type == FieldType::email ||
           type == FieldType::phone || type == FieldType::url || type == FieldType::enumeration;
}

class EntityReader {
  public:
    EntityReader(std::string_view owner, std::string_view source)
        : owner_(owner), source_(source) {}

    std::vector<EntityDefinition> read(const YAML::Node& root) {
        std::vector<EntityDefinition> entities;
        if (!root.IsMap()) {
            report(root, "expected a mapping of entity names to definitions");
            return entities;
        }
        for (const auto& entry : root) {
            entities.push_back(read_entity(entry.first.Scalar(), entry.first, entry.second));
        }
        return entities;
    }

    // A mapping of field names to definitions, as under an entity's `fields:`, described as
    // `where` in problems.
    std::vector<FieldDefinition> read_field_mapping(const std::string& where,
                                                    const YAML::Node& root) {
        EntityDefinition holder;
        holder.name = where;
        read_fields(holder, root);
        return std::move(holder.fields);
    }

    std::vector<std::string>& problems() { return problems_; }

  private:
    EntityDefinition read_entity(const std::string& name, const YAML::Node& key,
                                 const YAML::Node& node) {
        EntityDefinition entity;
        // Read after the fields, which they name.
        std::optional<YAML::Node> indexes;
        std::optional<YAML::Node> workflow;
        std::optional<YAML::Node> owner_field;
        entity.name = name;
        entity.owner = owner_;
        entity.label = name;
        entity.fields = system_fields();
        if (!is_valid_identifier(name)) {
            report(key, "entity name '" + name + "' must be a lower-case identifier (a-z, 0-9, _)");
        }
        if (!node.IsMap()) {
            report(node, "entity " + name + ": expected a mapping with label and fields");
            return entity;
        }
        for (const auto& entry : node) {
            const std::string& option = entry.first.Scalar();
            if (option == "label") {
                entity.label = entry.second.Scalar();
            } else if (option == "admin_only") {
                entity.admin_only = flag("entity " + name, node, "admin_only");
            } else if (option == "fields") {
                read_fields(entity, entry.second);
            } else if (option == "indexes") {
                indexes.emplace(entry.second);  // a copy refers to the same node
            } else if (option == "workflow") {
                workflow.emplace(entry.second);
            } else if (option == "owner_field") {
                owner_field.emplace(entry.second);
            } else if (option == "actions") {
                read_actions(entity, entry.second, reporter());
            } else {
                report(entry.first, "entity " + name + ": unknown option '" + option + "'");
            }
        }
        if (indexes) {
            read_indexes(entity, *indexes);
        }
        if (workflow) {
            read_workflow(entity, *workflow, reporter());
        }
        if (owner_field) {
            read_owner_field(entity, *owner_field);
        }
        return entity;
    }

    // `owner_field: assignee_id`: owner_id follows a reference to user.
    void read_owner_field(EntityDefinition& entity, const YAML::Node& node) {
        const FieldDefinition* field = node.IsScalar() ? entity.field(node.Scalar()) : nullptr;
        if (!field || field->system || field->type != FieldType::reference ||
            field->target != "user") {
            report(node, "entity " + entity.name +
                             ": owner_field must name one of its fields that is a reference to "
                             "user");
            return;
        }
        entity.owner_field = field->name;
    }

    void read_indexes(EntityDefinition& entity, const YAML::Node& node) {
        const std::string where = "entity " + entity.name + ": indexes";
        if (!node.IsSequence()) {
            report(node, where + ": expected a list of field lists, e.g. [[country, name]]");
            return;
        }
        for (const auto& index : node) {
            std::vector<std::string> fields;
            if (!index.IsSequence() || index.size() < 2) {
                report(index, where + ": each index lists at least two fields");
                continue;
            }
            for (const auto& item : index) {
                const FieldDefinition* field = entity.field(item.Scalar());
                if (!field || !field->has_column()) {
                    report(item, where + ": '" + item.Scalar() +
                                     "' is not a field with a column of " + entity.name);
                }
                fields.push_back(item.Scalar());
            }
            entity.indexes.push_back(std::move(fields));
        }
    }

    void read_fields(EntityDefinition& entity, const YAML::Node& node) {
        if (!node.IsMap()) {
            report(node, "entity " + entity.name + ": fields must be a mapping");
            return;
        }
        for (const auto& entry : node) {
            const std::string& name = entry.first.Scalar();
            const std::string where = entity.name + "." + name;
            if (!is_valid_identifier(name)) {
                report(entry.first, where + ": field names must be lower-case identifiers");
            } else if (entity.field(name)) {
                report(entry.first,
                       where + ": " +
                           (entity.field(name)->system ? "is a system field every entity has"
                                                       : "is declared twice"));
                continue;
            }
            entity.fields.push_back(read_field(where, name, entry.second));
        }
    }

    FieldDefinition read_field(const std::string& where, const std::string& name,
                               const YAML::Node& node) {
        FieldDefinition field;
        field.name = name;
        field.label = name;
        if (!node.IsMap() || !node["type"]) {
            report(node, where + ": expected a mapping with at least a type");
            return field;
        }
        for (const auto& entry : node) {
            const std::string& key = entry.first.Scalar();
            if (std::find(field_keys.begin(), field_keys.end(), key) == field_keys.end()) {
                report(entry.first, where + ": unknown option '" + key + "'");
            }
        }
        const auto type = sdk::parse_field_type(node["type"].Scalar());
        if (!type) {
            report(node["type"], where + ": unknown type '" + node["type"].Scalar() + "'");
            return field;
        }
        field.type = *type;
        field.scale = field.type == FieldType::integer ? 0 : 2;
        field.label = text(node, "label", field.name);
        field.required = flag(where, node, "required");
        field.unique = flag(where, node, "unique");
        field.index = flag(where, node, "index");
        field.readonly = flag(where, node, "readonly");
        field.search = flag(where, node, "search");
        field.write_only = flag(where, node, "write_only");
        field.computed = flag(where, node, "computed");
        read_scale(where, node, field);
        read_bounds(where, node, field);
        read_type_options(where, node, field);
        read_default(where, node, field);
        if (field.computed) {
            if (field.required || field.unique || field.index || field.search || field.write_only ||
                !sdk::is_null(field.default_value) || field.type == FieldType::references) {
                report(node, where +
                                 ": a computed field has no column: it cannot be required, "
                                 "unique, indexed, searched, write_only, defaulted or a "
                                 "references list");
            }
            field.readonly = true;
        }
        if (field.write_only && (field.search || field.unique || field.index)) {
            report(node, where +
                             ": a write_only field cannot be searched, unique or indexed "
                             "(each would reveal its value)");
        }
        return field;
    }

    void read_scale(const std::string& where, const YAML::Node& node, FieldDefinition& field) {
        if (!node["scale"]) {
            return;
        }
        const auto scale = sdk::Decimal::parse(node["scale"].Scalar(), 0);
        if (field.type != FieldType::decimal || !scale || scale->units() < 0 ||
            scale->units() > 6) {
            report(node["scale"], where + ": scale is for decimal fields, from 0 to 6");
        } else {
            field.scale = static_cast<int>(scale->units());
        }
    }

    void read_bounds(const std::string& where, const YAML::Node& node, FieldDefinition& field) {
        for (const char* key : {"min", "max"}) {
            if (!node[key]) {
                continue;
            }
            const bool on_text = is_text(field.type) || field.type == FieldType::strings;
            const auto bound = sdk::Decimal::parse(node[key].Scalar(), on_text ? 0 : field.scale);
            if (!bound || !(is_numeric(field.type) || on_text)) {
                report(node[key],
                       where + ": " + key +
                           " takes a number (a length for text fields) on numeric and text fields");
                continue;
            }
            (std::string_view(key) == "min" ? field.min : field.max) = bound;
        }
    }

    void read_type_options(const std::string& where, const YAML::Node& node,
                           FieldDefinition& field) {
        if (field.type == FieldType::enumeration) {
            const YAML::Node values = node["values"];
            if (!values || !values.IsSequence() || values.size() == 0) {
                report(node, where + ": an enum needs a non-empty list of values");
            } else {
                for (const auto& value : values) {
                    field.values.push_back(value.Scalar());
                }
            }
        } else if (node["values"]) {
            report(node["values"], where + ": values are for enum fields");
        }
        const bool refers =
            field.type == FieldType::reference || field.type == FieldType::references;
        if (refers) {
            field.target = text(node, "to", "");
            if (field.target.empty()) {
                report(node, where + ": a " + std::string(sdk::field_type_name(field.type)) +
                                 " needs `to: <entity>`");
            }
            read_on_delete(where, node, field);
        } else if (node["to"] || node["on_delete"]) {
            report(node["to"] ? node["to"] : node["on_delete"],
                   where + ": to and on_delete are for references");
        }
    }

    void read_on_delete(const std::string& where, const YAML::Node& node, FieldDefinition& field) {
        const std::string value = text(node, "on_delete", "restrict");
        if (value == "restrict") {
            field.on_delete = OnDelete::restrict;
        } else if (value == "cascade") {
            field.on_delete = OnDelete::cascade;
        } else if (value == "set_null" && !field.required) {
            field.on_delete = OnDelete::set_null;
        } else {
            report(node["on_delete"],
                   where + ": on_delete is restrict, cascade or set_null (not on required fields)");
        }
    }

    void read_default(const std::string& where, const YAML::Node& node, FieldDefinition& field) {
        if (!node["default"]) {
            return;
        }
        const YAML::Node value = node["default"];
        std::string text = value.IsSequence() ? join_sequence(value) : value.Scalar();
        auto parsed = parse_field_text(field, text);
        if (const auto* problem = std::get_if<std::string>(&parsed)) {
            report(value, where + ": default: " + *problem);
        } else {
            field.default_value = std::get<sdk::Value>(std::move(parsed));
        }
    }

    static std::string join_sequence(const YAML::Node& sequence) {
        std::string joined;
        for (const auto& item : sequence) {
            joined += (joined.empty() ? "" : ",") + item.Scalar();
        }
        return joined;
    }

    bool flag(const std::string& where, const YAML::Node& node, const char* key) {
        if (!node[key]) {
            return false;
        }
        const std::string& value = node[key].Scalar();
        if (value != "true" && value != "false") {
            report(node[key], where + ": " + key + " is true or false");
        }
        return value == "true";
    }

    static std::string text(const YAML::Node& node, const char* key, const std::string& fallback) {
        return node[key] && node[key].IsScalar() ? node[key].Scalar() : fallback;
    }

    ReportProblem reporter() {
        return
            [this](const YAML::Node& node, const std::string& problem) { report(node, problem); };
    }

    void report(const YAML::Node& node, const std::string& problem) {
        problems_.push_back(fmt::format("{}:{}: {}", source_, node.Mark().line + 1, problem));
    }

    std::string owner_;
    std::string source_;
    std::vector<std::string> problems_;
};

YAML::Node load(std::string_view yaml, std::string_view source) {
    try {
        return YAML::Load(std::string(yaml));
    } catch (const YAML::ParserException& error) {
        throw DefinitionError({fmt::format("{}:{}: {}", source, error.mark.line + 1, error.msg)});
    }
}

}  // namespace

std::vector<EntityDefinition> parse_entities_yaml(std::string_view yaml, std::string_view owner,
                                                  std::string_view source) {
    const YAML::Node root = load(yaml, source);
    EntityReader reader(owner, source);
    auto entities = reader.read(root);
    if (!reader.problems().empty()) {
        throw DefinitionError(std::move(reader.problems()));
    }
    return entities;
}

std::vector<FieldDefinition> parse_fields_yaml(std::string_view yaml, std::string_view where,
                                               std::string_view source) {
    const YAML::Node root = load(yaml, source);
    EntityReader reader("", source);
    auto fields = reader.read_field_mapping(std::string(where), root);
    if (!reader.problems().empty()) {
        throw DefinitionError(std::move(reader.problems()));
    }
    return fields;
}

}  // namespace rapport::records
