#include "auth/identity_rules.hpp"

#include "auth/grants.hpp"
#include "auth/identity_entities.hpp"
#include "auth/password_hasher.hpp"
#include "auth/role_catalog.hpp"
#include "auth/security_log.hpp"
#include "auth/session_store.hpp"
#include "db/database.hpp"
#include "db/statement.hpp"
#include "records/record_event.hpp"
#include "records/record_store.hpp"

#include <rapport/sdk/error.hpp>

#include <boost/json.hpp>
#include <fmt/format.h>

#include <algorithm>

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

bool is_active_admin(const records::Record& user) {
    const auto* roles = std::get_if<sdk::Strings>(&user.get("roles"));
    const auto* active = std::get_if<bool>(&user.get("active"));
    return roles && active && *active &&
           std::find(roles->begin(), roles->end(), std::string(admin_role)) != roles->end();
}

// Whether an active admin other than `id` exists, read page by page: roles are a list, which
// filters cannot look into.
bool another_active_admin(records::RecordStore& store, std::int64_t id) {
    const auto& entity = store.entity("user");
    records::ListQuery query;
    query.conditions.push_back({"active", records::Operator::is_true, false, {}});
    query.limit = records::max_limit;
    query.count_total = false;
    for (;; query.offset += query.limit) {
        const auto page = store.list(store.system_caller(), entity, query).items;
        for (const auto& user : page) {
            if (user.id() != id && is_active_admin(user)) {
                return true;
            }
        }
        if (page.size() < query.limit) {
            return false;
        }
    }
}

// The key of the PostgreSQL advisory lock that serialises changes of admin rights.
constexpr long long admin_guard_lock = 0x7261707061646d;  // "rappadm"

// The user as they were before the change: the record with the values the change replaced.
records::Record before_change(const records::RecordEvent& event) {
    records::Record before = event.record;
    for (const auto& [field, value] : event.previous) {
        before.values[static_cast<std::size_t>(field - event.entity().fields.data())] = value;
    }
    return before;
}

std::string changed_fields(const FieldValues& changes) {
    std::string names;
    for (const auto& [field, value] : changes) {
        names += (names.empty() ? "" : ", ") + field->name;
    }
    return names;
}

}  // namespace

void keep_an_admin_at_commit(records::RecordStore& store, const records::RecordEvent& event) {
    const bool deleted = event.action == "deleted";
    const bool was_admin = is_active_admin(deleted ? event.record : before_change(event));
    if (!was_admin || (!deleted && is_active_admin(event.record))) {
        return;
    }
    // One such change at a time, each reading the others' committed outcome; SQLite writes one
    // transaction at a time already.
    if (store.database().backend() == db::Backend::postgresql) {
        store.database().with_session([](soci::session& session) {
            db::query(session, "SELECT pg_advisory_xact_lock(:key)", {admin_guard_lock});
        });
    }
    if (!another_active_admin(store, event.id())) {
        throw sdk::Error(sdk::ErrorCode::conflict,
                         "user " + std::to_string(event.id()) +
                             " is the last active admin: make another user an admin first");
    }
}

void add_identity_rules(records::RecordStore& store, RoleCatalog& roles, SessionStore& sessions,
                        SecurityLog& log) {
    const auto audit = [&log](const Caller& caller, const EntityDefinition& entity, std::int64_t id,
                              std::string_view action, const FieldValues& changes) {
        log.append({0, sdk::Timestamp::now(), "admin_action", caller.user_id, "", "",
                    fmt::format("{} {} {}{}", entity.name, id, action,
                                changes.empty() ? "" : ": " + changed_fields(changes))});
    };
    store.on_before_write(
        "user", [&roles](const Caller& caller, const EntityDefinition&, std::optional<std::int64_t>,
                         FieldValues& values) { check_user(roles, caller, values); });
    store.on_after_write(
        "user",
        [&sessions, audit](const Caller& caller, const EntityDefinition& entity, std::int64_t id,
                           std::string_view action, const FieldValues& changes) {
            audit(caller, entity, id, action, changes);
            sessions.forget_user(id);  // roles or team may have changed
            for (const auto& [field, value] : changes) {
                if (action == "updated" && (field->name == "password" || field->name == "active")) {
                    sessions.close_all_of(id);
                    break;
                }
            }
        });
    store.on_before_write(
        "role", [](const Caller& caller, const EntityDefinition&, std::optional<std::int64_t>,
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
