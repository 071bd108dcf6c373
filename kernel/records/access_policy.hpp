// What a caller may do with each entity: per operation a row scope (all, their team's, their
// own, none) and per field whether they may read and write it. Built once per set of roles,
// shared by every request of callers with those roles; the record store enforces it.
#pragma once

#include "records/entity_definition.hpp"

#include <array>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace rapport::records {

class Schema;

// Ordered from least to most permissive, so merging roles takes the maximum.
enum class Scope { none, own, team, all };
enum class Operation { create, read, update, remove };

// Names as in grants and API responses: "none", "own", "team", "all"; "create", "read",
// "update", "delete".
std::string_view scope_name(Scope scope);
std::optional<Scope> parse_scope(std::string_view name);
std::string_view operation_name(Operation operation);

// What one role grants on one entity, as declared in plugin.yaml or a role's `grants`.
struct EntityGrant {
    std::array<Scope, 4> scopes{};             // indexed by Operation
    std::vector<std::string> hidden_fields;    // neither readable nor writable
    std::vector<std::string> readonly_fields;  // readable, not writable

    Scope scope(Operation operation) const { return scopes[static_cast<std::size_t>(operation)]; }
    bool operator==(const EntityGrant&) const = default;
};

// One role's grants by entity name; "*" applies to every entity not marked admin_only that
// the role does not name.
using RoleGrants = std::map<std::string, EntityGrant, std::less<>>;
inline constexpr std::string_view every_entity = "*";

// The merged access of one caller to one entity; masks are by field position.
struct EntityAccess {
    std::array<Scope, 4> scopes{};
    std::shared_ptr<const std::vector<bool>> hidden;  // shared with the records it masks
    bool hides_any = false;                           // some field is hidden: records need masking
    std::vector<bool> readonly;  // includes fields the grants hide; write-only fields are not

    Scope scope(Operation operation) const { return scopes[static_cast<std::size_t>(operation)]; }
    bool readable(std::size_t field) const { return !(*hidden)[field]; }
    bool writable(std::size_t field) const { return !readonly[field]; }
};

class AccessPolicy {
  public:
    // Everything on every entity (the admin role, the kernel's own work); write-only fields
    // stay unreadable.
    static std::shared_ptr<const AccessPolicy> unrestricted(const Schema& schema);
    // Several roles merge to the most permissive: the highest scope of each operation, and a
    // field is hidden (read-only) only when every role that grants reading (writing) says so.
    // `role_names` are kept for the checks that name roles (workflow transitions).
    static std::shared_ptr<const AccessPolicy> merged(const Schema& schema,
                                                      const std::vector<const RoleGrants*>& roles,
                                                      std::set<std::string> role_names = {});

    bool is_unrestricted() const { return unrestricted_; }
    // Whether the caller holds `role`; an unrestricted policy holds every role.
    bool has_role(std::string_view role) const {
        return unrestricted_ || role_names_.contains(role);
    }
    // Whether some operation on some entity is scoped to the caller's team.
    bool uses_team_scope() const { return uses_team_scope_; }
    // Entities of another schema than the policy's are not accessible at all.
    const EntityAccess& access(const EntityDefinition& entity) const;

  private:
    AccessPolicy() = default;

    bool unrestricted_ = false;
    bool uses_team_scope_ = false;
    std::set<std::string, std::less<>> role_names_;
    std::map<const EntityDefinition*, EntityAccess> entities_;
};

}  // namespace rapport::records
