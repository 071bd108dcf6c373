#include "records/access_policy.hpp"

#include "records/schema.hpp"

#include <rapport/sdk/error.hpp>

#include <algorithm>

namespace rapport::records {
namespace {

bool names(const std::vector<std::string>& fields, const std::string& field) {
    return std::find(fields.begin(), fields.end(), field) != fields.end();
}

std::vector<bool> write_only_mask(const EntityDefinition& entity) {
    std::vector<bool> mask;
    for (const auto& field : entity.fields) {
        mask.push_back(field.write_only);
    }
    return mask;
}

void set_hidden(EntityAccess& access, std::vector<bool> hidden) {
    access.hides_any = std::find(hidden.begin(), hidden.end(), true) != hidden.end();
    access.hidden = std::make_shared<const std::vector<bool>>(std::move(hidden));
}

// The grant a role gives on an entity: its own entry, else its "*" entry unless the entity is
// admin_only.
const EntityGrant* grant_for(const RoleGrants& role, const EntityDefinition& entity) {
    if (const auto it = role.find(entity.name); it != role.end()) {
        return &it->second;
    }
    if (const auto it = role.find(every_entity); it != role.end() && !entity.admin_only) {
        return &it->second;
    }
    return nullptr;
}

EntityAccess merge(const EntityDefinition& entity, const std::vector<const EntityGrant*>& grants) {
    EntityAccess access;
    const std::size_t count = entity.fields.size();
    auto hidden = write_only_mask(entity);
    std::vector<bool> hidden_by_every_reader(count, true);
    access.readonly.assign(count, true);
    for (const EntityGrant* grant : grants) {
        for (std::size_t op = 0; op < access.scopes.size(); ++op) {
            access.scopes[op] = std::max(access.scopes[op], grant->scopes[op]);
        }
        const bool reads = grant->scope(Operation::read) != Scope::none;
        const bool writes = grant->scope(Operation::create) != Scope::none ||
                            grant->scope(Operation::update) != Scope::none;
        for (std::size_t i = 0; i < count; ++i) {
            const std::string& name = entity.fields[i].name;
            const bool field_hidden = names(grant->hidden_fields, name);
            if (reads && !field_hidden) {
                hidden_by_every_reader[i] = false;
            }
            if (writes && !field_hidden && !names(grant->readonly_fields, name)) {
                access.readonly[i] = false;
            }
        }
    }
    for (std::size_t i = 0; i < count; ++i) {
        hidden[i] = hidden[i] || hidden_by_every_reader[i];
    }
    set_hidden(access, std::move(hidden));
    return access;
}

constexpr std::array<std::string_view, 4> scope_names{"none", "own", "team", "all"};

}  // namespace

std::string_view scope_name(Scope scope) {
    return scope_names.at(static_cast<std::size_t>(scope));
}

std::optional<Scope> parse_scope(std::string_view name) {
    for (std::size_t i = 0; i < scope_names.size(); ++i) {
        if (scope_names[i] == name) {
            return static_cast<Scope>(i);
        }
    }
    return std::nullopt;
}

std::string_view operation_name(Operation operation) {
    switch (operation) {
        case Operation::create:
            return "create";
        case Operation::read:
            return "read";
        case Operation::update:
            return "update";
        case Operation::remove:
            break;
    }
    return "delete";
}

std::shared_ptr<const AccessPolicy> AccessPolicy::unrestricted(const Schema& schema) {
    std::shared_ptr<AccessPolicy> policy(new AccessPolicy());
    policy->unrestricted_ = true;
    for (const auto& entity : schema.entities()) {
        EntityAccess access;
        access.scopes.fill(Scope::all);
        set_hidden(access, write_only_mask(entity));
        access.readonly.assign(entity.fields.size(), false);
        policy->entities_.emplace(&entity, std::move(access));
    }
    return policy;
}

std::shared_ptr<const AccessPolicy> AccessPolicy::merged(
    const Schema& schema, const std::vector<const RoleGrants*>& roles,
    std::set<std::string> role_names) {
    std::shared_ptr<AccessPolicy> policy(new AccessPolicy());
    policy->role_names_.insert(role_names.begin(), role_names.end());
    for (const auto& entity : schema.entities()) {
        std::vector<const EntityGrant*> grants;
        for (const RoleGrants* role : roles) {
            if (const EntityGrant* grant = grant_for(*role, entity)) {
                grants.push_back(grant);
            }
        }
        auto access = merge(entity, grants);
        policy->uses_team_scope_ =
            policy->uses_team_scope_ || std::find(access.scopes.begin(), access.scopes.end(),
                                                  Scope::team) != access.scopes.end();
        policy->entities_.emplace(&entity, std::move(access));
    }
    return policy;
}

const EntityAccess& AccessPolicy::access(const EntityDefinition& entity) const {
    const auto it = entities_.find(&entity);
    if (it == entities_.end()) {
        throw sdk::Error(sdk::ErrorCode::forbidden, "no access to " + entity.name);
    }
    return it->second;
}

}  // namespace rapport::records
