// Which plugins the database knows and in what state, so that every process serving it, and
// the next start, see the same installed set.
#pragma once

#include "db/migrations.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace rapport::db {
class Database;
}

namespace rapport::plugins {

// The states of ARCHITECTURE.md §3, as the API spells them.
inline constexpr std::string_view state_available = "available";
inline constexpr std::string_view state_installed = "installed";
inline constexpr std::string_view state_disabled = "disabled";
inline constexpr std::string_view state_failed = "failed";

struct PluginState {
    std::string id;
    std::string version;
    std::string state;
    std::string error;              // why it failed; empty otherwise
    std::filesystem::path package;  // the stored .rpk of that version
};

db::Migration plugin_states_migration();
// The registry generation: bumped by every plugin change, so that other processes serving the
// same database notice it.
db::Migration registry_generation_migration();

class PluginStates {
  public:
    explicit PluginStates(db::Database& database);

    std::vector<PluginState> all();
    void save(const PluginState& state);

    std::int64_t generation();
    // Counts one more change; returns the new generation.
    std::int64_t bump_generation();

  private:
    db::Database& database_;
};

}  // namespace rapport::plugins
