// POST /api/v1/auth/login and /logout, GET /api/v1/auth/session (ARCHITECTURE.md §6–7), and
// the admins' view of the security log, GET /api/v1/admin/security-events.
#pragma once

#include "http/router.hpp"

namespace rapport::auth {

class Identity;

void add_auth_routes(http::Router& router, Identity& identity);

}  // namespace rapport::auth
