#include "plugins/plugin_data.hpp"

#include "db/database.hpp"
#include "plugins/plugin_settings.hpp"
#include "records/schema_migrations.hpp"

#include <rapport/sdk/error.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace rapport::plugins {

void drop_plugin_data(db::Database& database, PluginSettings& settings, const Manifest& manifest) {
    std::vector<const records::EntityDefinition*> remaining;
    for (const auto& entity : manifest.entities) {
        remaining.push_back(&entity);
    }
    const auto referred_to = [&remaining](const records::EntityDefinition& target) {
        return std::any_of(remaining.begin(), remaining.end(), [&](const auto* other) {
            return other != &target &&
                   std::any_of(other->fields.begin(), other->fields.end(),
                               [&](const auto& field) { return field.target == target.name; });
        });
    };
    try {
        database.write_transaction(
            [&](soci::session& session) {
                while (!remaining.empty()) {
                    const auto next =
                        std::find_if(remaining.begin(), remaining.end(),
                                     [&](const auto* entity) { return !referred_to(*entity); });
                    const auto* entity = next == remaining.end() ? remaining.front() : *next;
                    records::drop_entity_data(session, database.dialect(), *entity);
                    remaining.erase(std::find(remaining.begin(), remaining.end(), entity));
                }
                settings.forget(manifest.id);
            },
            db::WriteSize::bulk);  // alone: no other write's search rows may wait for its commit
    } catch (const std::exception& error) {
        throw sdk::Error(
            sdk::ErrorCode::conflict,
            fmt::format("{} is uninstalled, but its data stays: {}", manifest.id, error.what()));
    }
}

}  // namespace rapport::plugins
