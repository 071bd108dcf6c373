// The plugin admin API of ARCHITECTURE.md §7: list, upload (raw .rpk), install, uninstall,
// enable and disable, and the plugins' settings (GET and PATCH .../{id}/settings). Admins only;
// every change is reported to `audit` (the security log's admin actions).
#pragma once

#include "http/router.hpp"
#include "records/caller.hpp"

#include <cstddef>
#include <functional>
#include <string>

namespace rapport::plugins {

class PluginRuntime;

// Told who did what, e.g. "plugin acme_portal install" or "plugin acme_portal settings: theme";
// never the settings' values, which may be secrets.
using AuditAdminAction = std::function<void(const records::Caller&, const std::string& detail)>;

void add_plugin_routes(http::Router& router, PluginRuntime& runtime,
                       records::Authenticate authenticate, AuditAdminAction audit,
                       std::size_t max_package_bytes);

}  // namespace rapport::plugins
