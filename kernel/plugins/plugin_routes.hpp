// The plugin admin API of ARCHITECTURE.md §7: list, upload (raw .rpk), install, uninstall,
// enable and disable, and the plugins' settings (GET and PATCH .../{id}/settings). Admins only.
#pragma once

#include "http/router.hpp"
#include "records/caller.hpp"

#include <cstddef>

namespace rapport::plugins {

class PluginRuntime;

void add_plugin_routes(http::Router& router, PluginRuntime& runtime,
                       records::Authenticate authenticate, std::size_t max_package_bytes);

}  // namespace rapport::plugins
