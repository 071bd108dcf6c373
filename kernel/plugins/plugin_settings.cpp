#include "plugins/plugin_settings.hpp"

#include "db/database.hpp"
#include "db/statement.hpp"
#include "records/record_json.hpp"

#include <rapport/sdk/error.hpp>

#include <boost/json.hpp>
#include <fmt/format.h>

#include <algorithm>

namespace rapport::plugins {
namespace {

// As long as role changes take to reach other processes (auth/role_catalog.hpp).
constexpr auto time_to_live = std::chrono::seconds(1);

const records::FieldDefinition* declared(const SettingsSchema& schema, std::string_view name) {
    const auto it = std::find_if(schema.begin(), schema.end(),
                                 [&](const auto& setting) { return setting.name == name; });
    return it == schema.end() ? nullptr : &*it;
}

}  // namespace

db::Migration plugin_settings_migration() {
    return {"kernel/0140_plugin_settings", [](soci::session& session, const db::Dialect& dialect) {
                db::execute(session,
                            fmt::format("CREATE TABLE rapport_plugin_settings (plugin VARCHAR(48) "
                                        "NOT NULL, name VARCHAR(64) NOT NULL, value TEXT NOT NULL, "
                                        "updated_at {} NOT NULL, updated_by {}, PRIMARY KEY "
                                        "(plugin, name))",
                                        dialect.timestamp_column(), dialect.integer_column()));
            }};
}

PluginSettings::PluginSettings(db::Database& database) : database_(database) {}

sdk::Value PluginSettings::value_of(const records::FieldDefinition& setting, const Stored& values) {
    if (const auto it = values.find(setting.name); it != values.end()) {
        auto parsed = records::value_from_json(setting, it->second);
        if (auto* value = std::get_if<sdk::Value>(&parsed); value && !sdk::is_null(*value)) {
            return std::move(*value);
        }
    }
    return setting.default_value;
}

sdk::Value PluginSettings::value(std::string_view plugin, const SettingsSchema& schema,
                                 std::string_view name) {
    const auto* setting = declared(schema, name);
    if (!setting) {
        throw sdk::Error(sdk::ErrorCode::internal,
                         fmt::format("plugin {} reads setting '{}', which its manifest does not "
                                     "declare under settings:",
                                     plugin, name));
    }
    return value_of(*setting, *stored(plugin));
}

boost::json::object PluginSettings::values(std::string_view plugin, const SettingsSchema& schema) {
    const auto stored_values = stored(plugin);
    boost::json::object values;
    for (const auto& setting : schema) {
        values[setting.name] = records::value_to_json(setting, value_of(setting, *stored_values));
    }
    return values;
}

void PluginSettings::change(std::string_view plugin, const SettingsSchema& schema,
                            const boost::json::value& changes,
                            std::optional<std::int64_t> user_id) {
    const auto* object = changes.if_object();
    if (!object) {
        throw sdk::Error(sdk::ErrorCode::bad_request,
                         "expected a JSON object of setting names and values");
    }
    std::vector<std::pair<const records::FieldDefinition*, sdk::Value>> accepted;
    std::vector<sdk::FieldError> problems;
    for (const auto& [key, json] : *object) {
        const auto* setting = declared(schema, key);
        if (!setting) {
            problems.push_back({std::string(key), fmt::format("{} has no such setting", plugin)});
            continue;
        }
        auto parsed = records::value_from_json(*setting, json);
        if (auto* problem = std::get_if<std::string>(&parsed)) {
            problems.push_back({std::string(key), std::move(*problem)});
        } else {
            accepted.emplace_back(setting, std::get<sdk::Value>(std::move(parsed)));
        }
    }
    if (!problems.empty()) {
        throw sdk::Error(sdk::ErrorCode::validation_failed,
                         fmt::format("invalid settings of {}", plugin), std::move(problems));
    }
    const auto& dialect = database_.dialect();
    const db::SqlValue user =
        user_id ? db::SqlValue{static_cast<long long>(*user_id)} : db::SqlValue{};
    database_.write_transaction([&](soci::session& session) {
        for (const auto& [setting, value] : accepted) {
            if (sdk::is_null(value)) {
                db::execute(session,
                            "DELETE FROM rapport_plugin_settings WHERE plugin = :p AND name = :n",
                            {std::string(plugin), setting->name});
                continue;
            }
            db::execute(session,
                        "INSERT INTO rapport_plugin_settings (plugin, name, value, updated_at, "
                        "updated_by) VALUES (:p, :n, :v, :a, :u) ON CONFLICT (plugin, name) DO "
                        "UPDATE SET value = excluded.value, updated_at = excluded.updated_at, "
                        "updated_by = excluded.updated_by",
                        {std::string(plugin), setting->name,
                         boost::json::serialize(records::value_to_json(*setting, value)),
                         dialect.timestamp_value(sdk::Timestamp::now()), user});
        }
    });
    clear(plugin);
}

void PluginSettings::forget(std::string_view plugin) {
    database_.write_transaction([&](soci::session& session) {
        db::execute(session, "DELETE FROM rapport_plugin_settings WHERE plugin = :p",
                    {std::string(plugin)});
    });
    clear(plugin);
}

std::shared_ptr<const PluginSettings::Stored> PluginSettings::stored(std::string_view plugin) {
    const auto now = std::chrono::steady_clock::now();
    std::uint64_t clears = 0;
    {
        std::lock_guard lock(mutex_);
        if (const auto it = cache_.find(plugin);
            it != cache_.end() && now - it->second.read_at < time_to_live) {
            return it->second.values;
        }
        clears = clears_;
    }
    auto values = std::make_shared<Stored>();
    database_.with_session([&](soci::session& session) {
        for (const auto& row :
             db::query(session, "SELECT name, value FROM rapport_plugin_settings WHERE plugin = :p",
                       {std::string(plugin)})) {
            values->emplace(db::as_text(row.at(0)), boost::json::parse(db::as_text(row.at(1))));
        }
    });
    std::lock_guard lock(mutex_);
    if (clears == clears_) {  // else a change may have committed after this read: not kept
        cache_.insert_or_assign(std::string(plugin), Cached{values, now});
    }
    return values;
}

void PluginSettings::clear(std::string_view plugin) {
    std::lock_guard lock(mutex_);
    ++clears_;
    if (const auto it = cache_.find(plugin); it != cache_.end()) {
        cache_.erase(it);
    }
}

}  // namespace rapport::plugins
