// Grants as written in role records (JSON) and in default-grant files and plugin manifests
// (YAML): {entity: {create|read|update|delete: all|team|own|none, hidden_fields: [...],
// readonly_fields: [...]}}. Every problem is reported at once.
#pragma once

#include "records/access_policy.hpp"

#include <boost/json/value.hpp>

#include <map>
#include <string>
#include <string_view>

namespace rapport::auth {

// The grants of several roles by role name.
using GrantsByRole = std::map<std::string, records::RoleGrants, std::less<>>;

// Throws sdk::Error(validation_failed) with a detail per problem, each under `field` ("grants").
records::RoleGrants parse_role_grants(const boost::json::value& json, std::string_view field);

// {role: {entity: grant}} from YAML. Throws records::DefinitionError naming `source`.
GrantsByRole parse_grants_yaml(std::string_view yaml, std::string_view source);

// The grants the kernel's default roles have on the kernel's entities (default_grants.yaml).
const GrantsByRole& kernel_default_grants();

}  // namespace rapport::auth
