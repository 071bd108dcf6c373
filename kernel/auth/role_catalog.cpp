#include "auth/role_catalog.hpp"

#include "auth/identity_entities.hpp"
#include "records/record_store.hpp"

#include <rapport/sdk/error.hpp>

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include <set>

namespace rapport::auth {
namespace {

constexpr auto refresh_interval = std::chrono::seconds(1);
constexpr std::string_view every_role = "every_role";

// The names in a stored `roles` value; anything malformed names no role.
std::set<std::string> role_names(std::string_view stored_roles) {
    std::set<std::string> names;
    boost::system::error_code error;
    const auto json = boost::json::parse(stored_roles, error);
    if (error || !json.is_array()) {
        return names;
    }
    for (const auto& item : json.as_array()) {
        if (item.is_string()) {
            names.emplace(item.as_string());
        }
    }
    return names;
}

records::ListQuery all_roles() {
    records::ListQuery query;
    query.select = {"name", "grants"};
    query.limit = records::max_limit;
    query.count_total = false;
    return query;
}

// Takes the `every_role` entry out of the defaults: it names no role.
records::RoleGrants take_every_role(GrantsByRole& defaults) {
    auto node = defaults.extract(std::string(every_role));
    return node ? std::move(node.mapped()) : records::RoleGrants{};
}

}  // namespace

RoleCatalog::RoleCatalog(records::RecordStore& store, GrantsByRole defaults)
    : store_(store), every_role_(take_every_role(defaults)), defaults_(std::move(defaults)) {}

void RoleCatalog::refresh_if_stale(std::unique_lock<std::mutex>&) {
    const auto now = std::chrono::steady_clock::now();
    if (loaded_ && now - loaded_at_ < refresh_interval) {
        return;
    }
    GrantsByRole effective = defaults_;
    const auto& entity = store_.entity("role");
    for (const auto& record : store_.list(store_.system_caller(), entity, all_roles()).items) {
        const auto& name = std::get<std::string>(record.get("name"));
        auto& grants = effective[name];
        const auto* json = std::get_if<sdk::Json>(&record.get("grants"));
        if (!json) {
            continue;
        }
        try {
            for (auto& [target, grant] :
                 parse_role_grants(boost::json::parse(json->text), "grants")) {
                grants.insert_or_assign(target, std::move(grant));
            }
        } catch (const std::exception& error) {
            spdlog::error("role {} has unreadable grants, using its defaults: {}", name,
                          error.what());
        }
    }
    for (auto& [name, grants] : effective) {
        for (const auto& [target, grant] : every_role_) {
            grants.try_emplace(target, grant);
        }
    }
    if (!loaded_ || effective != effective_) {
        effective_ = std::move(effective);
        policies_.clear();
    }
    loaded_ = true;
    loaded_at_ = now;
}

std::shared_ptr<const records::AccessPolicy> RoleCatalog::policy(std::string_view stored_roles) {
    std::unique_lock lock(mutex_);
    refresh_if_stale(lock);
    if (const auto it = policies_.find(stored_roles); it != policies_.end()) {
        return it->second;
    }
    const auto roles = role_names(stored_roles);
    std::shared_ptr<const records::AccessPolicy> policy;
    if (roles.contains(std::string(admin_role))) {
        policy = records::AccessPolicy::unrestricted(store_.schema());
    } else {
        std::vector<const records::RoleGrants*> grants;
        for (const auto& role : roles) {
            if (const auto it = effective_.find(role); it != effective_.end()) {
                grants.push_back(&it->second);
            }
        }
        if (grants.empty()) {
            grants.push_back(&every_role_);
        }
        policy = records::AccessPolicy::merged(store_.schema(), grants, roles);
    }
    policies_.emplace(std::string(stored_roles), policy);
    return policy;
}

bool RoleCatalog::exists(std::string_view role) {
    std::unique_lock lock(mutex_);
    refresh_if_stale(lock);
    return role == admin_role || effective_.contains(role);
}

void RoleCatalog::create_default_roles() {
    const auto& entity = store_.entity("role");
    const auto caller = store_.system_caller();
    for (const auto role : default_roles) {
        records::ListQuery query;
        query.conditions.push_back({"name", records::Operator::eq, false, {std::string(role)}});
        query.count_total = false;
        if (!store_.list(caller, entity, query).items.empty()) {
            continue;
        }
        store_.create(caller, entity,
                      {{entity.field("name"), std::string(role)},
                       {entity.field("description"), role == admin_role
                                                         ? std::string("may do everything")
                                                         : std::string("kernel default role")}});
    }
    invalidate();
}

void RoleCatalog::invalidate() {
    std::lock_guard lock(mutex_);
    loaded_ = false;
}

}  // namespace rapport::auth
