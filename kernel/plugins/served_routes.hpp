// The routes plugins registered, served by the kernel's router: requests and responses
// converted to and from the SDK's plain types, and a handler's failure turned into an error
// answer whose log line names the plugin.
#pragma once

#include "http/router.hpp"
#include "plugins/plugin_runtime.hpp"

namespace rapport::plugins {

// Throws std::invalid_argument when two routes collide (PluginRuntime checks this first).
void add_served_routes(http::Router& router, const ActivePlugins& plugins);

}  // namespace rapport::plugins
