// The values an admin gives a plugin's settings (`settings:` in its manifest), kept in the
// database so that every server sharing it reads the same; a setting without a value reads as
// its declared default. Reads go through a cache: a change made here shows at once, one another
// process made within a second (as role changes do).
#pragma once

#include "db/migrations.hpp"
#include "records/entity_definition.hpp"

#include <rapport/sdk/value.hpp>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rapport::db {
class Database;
}

namespace rapport::plugins {

db::Migration plugin_settings_migration();

// A plugin's settings, declared as fields are (Manifest::settings).
using SettingsSchema = std::vector<records::FieldDefinition>;

class PluginSettings {
  public:
    explicit PluginSettings(db::Database& database);

    // Setting `name` of `plugin`: its value, else its declared default (null when it has none).
    // A value kept from an older schema that no longer fits the setting reads as the default.
    // Throws sdk::Error(internal) for a name `schema` does not declare: the plugin's mistake.
    sdk::Value value(std::string_view plugin, const SettingsSchema& schema, std::string_view name);
    // Every setting of `schema` with what value() gives, in the API's JSON.
    boost::json::object values(std::string_view plugin, const SettingsSchema& schema);
    // Sets the settings `changes` names (a JSON object; null returns one to its default), all or
    // none. Throws sdk::Error: bad_request for a body that is not an object, validation_failed
    // with a detail per unknown setting or bad value.
    void change(std::string_view plugin, const SettingsSchema& schema,
                const boost::json::value& changes, std::optional<std::int64_t> user_id);
    // Forgets every value of `plugin`, whose data is dropped; joins the caller's transaction.
    void forget(std::string_view plugin);

  private:
    using Stored = std::map<std::string, boost::json::value, std::less<>>;
    struct Cached {
        std::shared_ptr<const Stored> values;
        std::chrono::steady_clock::time_point read_at;
    };

    std::shared_ptr<const Stored> stored(std::string_view plugin);
    // The stored value of `setting`, else its default.
    static sdk::Value value_of(const records::FieldDefinition& setting, const Stored& values);
    void clear(std::string_view plugin);

    db::Database& database_;
    std::mutex mutex_;
    std::map<std::string, Cached, std::less<>> cache_;
    std::uint64_t clears_ = 0;
};

}  // namespace rapport::plugins
