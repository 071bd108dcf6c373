// What uninstalling a plugin with drop_data removes: the tables its manifest declares, their
// audit and search entries, and the values of its settings.
#pragma once

#include "plugins/manifest.hpp"

namespace rapport::db {
class Database;
}

namespace rapport::plugins {

class PluginSettings;

// All in one transaction: referring tables go before the tables they refer to. Another
// plugin's data that still refers to them keeps them: sdk::Error(conflict), nothing dropped.
void drop_plugin_data(db::Database& database, PluginSettings& settings, const Manifest& manifest);

}  // namespace rapport::plugins
