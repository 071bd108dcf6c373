// Every package the runtime registered, kept in the database too: a server on another machine
// (its own data directory, the same PostgreSQL) fetches from here the package of a plugin
// installed elsewhere, before it loads it.
#pragma once

#include "db/migrations.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace rapport::db {
class Database;
}

namespace rapport::plugins {

// The table rapport_plugin_packages: (id, version) → the .rpk, base64.
db::Migration plugin_packages_migration();

class PluginPackages {
  public:
    explicit PluginPackages(db::Database& database);

    // Keeps the package once per (id, version); later calls change nothing.
    void store(std::string_view id, std::string_view version, std::string_view bytes);
    std::optional<std::string> load(std::string_view id, std::string_view version);

  private:
    db::Database& database_;
};

}  // namespace rapport::plugins
