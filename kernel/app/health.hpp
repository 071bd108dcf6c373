// GET /api/v1/health: the liveness answer for load balancers and `make run` users.
#pragma once

#include "http/router.hpp"

namespace rapport::app {

void add_health_route(http::Router& router);

}  // namespace rapport::app
