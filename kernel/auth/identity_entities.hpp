// The identity module's entities: user, team and role (identity_entities.yaml), and the names
// the kernel gives to the role that may do everything.
#pragma once

#include "records/entity_definition.hpp"

#include <string_view>
#include <vector>

namespace rapport::auth {

inline constexpr std::string_view admin_role = "admin";
inline constexpr std::string_view admin_login = "admin";

// The default roles every instance has (ARCHITECTURE.md §6).
inline constexpr std::string_view default_roles[] = {"admin", "sales_manager", "salesperson",
                                                     "support_agent", "viewer"};

std::vector<records::EntityDefinition> identity_entities();

}  // namespace rapport::auth
