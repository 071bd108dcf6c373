// Every package the runtime registered, kept in the database too: a server on another machine
// (its own data directory, the same PostgreSQL) fetches from here the package of a plugin
// installed elsewhere, before it loads it.
#pragma once

#include "db/migrations.hpp"
#include "plugins/plugin_states.hpp"

#include <filesystem>
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

// The package of a plugin a server registered: its file when this server shares that server's
// data directory, else this server's copy under `data_dir`, written from the database the first
// time. Throws std::runtime_error when neither has it.
std::filesystem::path local_package(PluginPackages& packages, const PluginState& saved,
                                    const std::filesystem::path& data_dir);

}  // namespace rapport::plugins
