#include "auth/grants.hpp"

#include "records/definition_error.hpp"
#include "records/yaml_json.hpp"

#include <rapport/sdk/error.hpp>

#include <boost/json.hpp>
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <array>

namespace rapport::auth {
namespace {

using records::Operation;

constexpr std::array<Operation, 4> operations{Operation::create, Operation::read, Operation::update,
                                              Operation::remove};

class GrantReader {
  public:
    explicit GrantReader(std::vector<std::string>& problems) : problems_(problems) {}

    records::RoleGrants role(const boost::json::value& json) {
        records::RoleGrants grants;
        if (!json.is_object()) {
            problems_.push_back("expected an object of entity names to grants");
            return grants;
        }
        for (const auto& [entity, grant] : json.as_object()) {
            grants.emplace(std::string(entity), entity_grant(entity, grant));
        }
        return grants;
    }

  private:
    records::EntityGrant entity_grant(std::string_view entity, const boost::json::value& json) {
        records::EntityGrant grant;
        if (entity != records::every_entity && !records::is_valid_identifier(entity)) {
            problems_.push_back(fmt::format("'{}' is not an entity name", entity));
        }
        if (!json.is_object()) {
            problems_.push_back(
                fmt::format("{}: expected an object such as {{\"read\": \"all\"}}", entity));
            return grant;
        }
        for (const auto& [key, value] : json.as_object()) {
            if (key == "hidden_fields" || key == "readonly_fields") {
                field_list(entity, key, value,
                           key == "hidden_fields" ? grant.hidden_fields : grant.readonly_fields);
            } else if (!scope(entity, key, value, grant)) {
                problems_.push_back(fmt::format(
                    "{}: unknown key '{}' (create, read, update, delete, hidden_fields, "
                    "readonly_fields)",
                    entity, std::string_view(key)));
            }
        }
        return grant;
    }

    bool scope(std::string_view entity, std::string_view key, const boost::json::value& value,
               records::EntityGrant& grant) {
        for (const auto operation : operations) {
            if (key != records::operation_name(operation)) {
                continue;
            }
            const auto parsed =
                value.is_string() ? records::parse_scope(value.as_string()) : std::nullopt;
            if (!parsed) {
                problems_.push_back(
                    fmt::format("{}.{}: expected all, team, own or none", entity, key));
            } else {
                grant.scopes[static_cast<std::size_t>(operation)] = *parsed;
            }
            return true;
        }
        return false;
    }

    void field_list(std::string_view entity, std::string_view key, const boost::json::value& value,
                    std::vector<std::string>& fields) {
        if (!value.is_array()) {
            problems_.push_back(fmt::format("{}.{}: expected a list of field names", entity, key));
            return;
        }
        for (const auto& item : value.as_array()) {
            if (!item.is_string() || !records::is_valid_identifier(item.as_string())) {
                problems_.push_back(fmt::format("{}.{}: expected field names", entity, key));
                return;
            }
            fields.emplace_back(item.as_string());
        }
    }

    std::vector<std::string>& problems_;
};

}  // namespace

records::RoleGrants parse_role_grants(const boost::json::value& json, std::string_view field) {
    std::vector<std::string> problems;
    auto grants = GrantReader(problems).role(json);
    if (!problems.empty()) {
        std::vector<sdk::FieldError> details;
        for (auto& problem : problems) {
            details.push_back({std::string(field), std::move(problem)});
        }
        throw sdk::Error(sdk::ErrorCode::validation_failed, "invalid grants", std::move(details));
    }
    return grants;
}

GrantsByRole parse_grants_yaml(std::string_view yaml, std::string_view source) {
    std::vector<std::string> problems;
    GrantsByRole roles;
    try {
        const YAML::Node root = YAML::Load(std::string(yaml));
        if (!root.IsMap()) {
            problems.push_back(
                fmt::format("{}: expected a mapping of role names to grants", source));
        } else {
            for (const auto& entry : root) {
                std::vector<std::string> role_problems;
                roles.emplace(entry.first.Scalar(),
                              GrantReader(role_problems).role(records::yaml_to_json(entry.second)));
                for (const auto& problem : role_problems) {
                    problems.push_back(fmt::format("{}:{}: {}: {}", source,
                                                   entry.first.Mark().line + 1,
                                                   entry.first.Scalar(), problem));
                }
            }
        }
    } catch (const YAML::Exception& error) {
        problems.push_back(fmt::format("{}: {}", source, error.what()));
    }
    if (!problems.empty()) {
        throw records::DefinitionError(std::move(problems));
    }
    return roles;
}

}  // namespace rapport::auth
