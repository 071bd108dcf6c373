// The routes plugins registered, served by the kernel's router: requests and responses
// converted to and from the SDK's plain types, and a handler's failure turned into an error
// answer whose log line names the plugin.
#pragma once

#include "http/router.hpp"
#include "plugins/plugin_runtime.hpp"

#include <functional>

namespace rapport::plugins {

// Runs a plugin's handler for `request`: its response converted, an sdk::Error passed on as
// the API's answer, anything else logged with the plugin's name and answered 500.
http::Response served_by(const ActivePlugin& plugin, const http::Request& request,
                         const std::function<sdk::HttpResponse()>& handler);

// Throws std::invalid_argument when two routes collide (PluginRuntime checks this first).
void add_served_routes(http::Router& router, const ActivePlugins& plugins);

}  // namespace rapport::plugins
