#include "auth/identity_rules.hpp"

#include "auth/grants.hpp"
#include "auth/password_hasher.hpp"
#include "auth/role_catalog.hpp"
#include "auth/security_log.hpp"
#include "auth/session_store.hpp"
#include "records/record_store.hpp"

#include <rapport/sdk/error.hpp>

#include <boost/json.hpp>
#include <fmt/format.h>

namespace rapport::auth {
namespace {

using records::Caller;
using records::EntityDefinition;
using records::FieldValues;

bool is_admin(const Caller& caller) {
    return caller.policy && caller.policy->is_unrestricted();
}

sdk::Value* value_of(FieldValues& values, std::string_view field) {
    for (auto& [definition, value] : values) {
        if (definition->name == field) {
            return &value;
        }
    }
    return nullptr;
}

void refuse_unless_admin(const Caller& caller, std::string_view what) {
    if (!is_admin(caller)) {
        throw sdk::Error(sdk::ErrorCode::forbidden, "only an admin may change " + std::string(what),
                         {{std::string(what), "only an admin may change it"}});
    }
}

void check_user(RoleCatalog& roles, const Caller& caller, FieldValues& values) {
    std::vector<sdk::FieldError> problems;
    if (auto* password = value_of(values, "password"); password && !sdk::is_null(*password)) {
        const auto& text = std::get<std::string>(*password);
        if (auto problem = password_problem(text)) {
            problems.push_back({"password", *problem});
        } else {
            *password = hash_password(text);
        }
    }
    if (auto* granted = value_of(values, "roles")) {
        refuse_unless_admin(caller, "roles");
        if (!sdk::is_null(*granted)) {
            for (const auto& role : std::get<sdk::Strings>(*granted)) {
                if (!roles.exists(role)) {
                    problems.push_back({"roles", "unknown role '" + role + "'"});
                }
            }
        }
    }
    if (!problems.empty()) {
        throw sdk::Error(sdk::ErrorCode::validation_failed, "invalid user", std::move(problems));
    }
}

void check_role(const Caller& caller, FieldValues& values) {
    refuse_unless_admin(caller, "roles");
    if (auto* grants = value_of(values, "grants"); grants && !sdk::is_null(*grants)) {
        parse_role_grants(boost::json::parse(std::get<sdk::Json>(*grants).text), "grants");
    }
}

std::string changed_fields(const FieldValues& changes) {
    std::string names;
    for (const auto& [field, value] : changes) {
        names += (names.empty() ? "" : ", ") + field->name;
    }
    return names;
}

}  // namespace

void add_identity_rules(records::RecordStore& store, RoleCatalog& roles, SessionStore& sessions,
                        SecurityLog& log) {
    const auto audit = [&log](const Caller& caller, const EntityDefinition& entity, std::int64_t id,
                              std::string_view action, const FieldValues& changes) {
        log.append({0, sdk::Timestamp::now(), "admin_action", caller.user_id, "", "",
                    fmt::format("{} {} {}{}", entity.name, id, action,
                                changes.empty() ? "" : ": " + changed_fields(changes))});
    };
    store.on_before_write(
        "user", [&roles](const Caller& caller, const EntityDefinition&, FieldValues& values) {
            check_user(roles, caller, values);
        });
    store.on_after_write(
        "user",
        [&sessions, audit](const Caller& caller, const EntityDefinition& entity, std::int64_t id,
                           std::string_view action, const FieldValues& changes) {
            audit(caller, entity, id, action, changes);
            for (const auto& [field, value] : changes) {
                if (action == "updated" && (field->name == "password" || field->name == "active")) {
                    sessions.close_all_of(id);
                    break;
                }
            }
        });
    store.on_before_write("role", [](const Caller& caller, const EntityDefinition&,
                                     FieldValues& values) { check_role(caller, values); });
    store.on_after_write(
        "role",
        [&roles, audit](const Caller& caller, const EntityDefinition& entity, std::int64_t id,
                        std::string_view action, const FieldValues& changes) {
            roles.invalidate();
            audit(caller, entity, id, action, changes);
        });
    store.on_after_write("team", audit);
}

}  // namespace rapport::auth
