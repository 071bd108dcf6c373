// The plugin lifecycle of ARCHITECTURE.md §3: the catalogue of packages (bundled and
// uploaded), install with dependencies, uninstall (keeping or dropping data), enable,
// disable and upgrade, each all-or-nothing, and the installed set restored on start. What the
// active plugins declare reaches requests through `publish`, which swaps the server's registry
// generation. Operations are serialised.
#pragma once

#include "config/config.hpp"
#include "http/method.hpp"
#include "plugins/manifest.hpp"
#include "plugins/plugin_library.hpp"
#include "plugins/plugin_packages.hpp"
#include "plugins/plugin_record_store.hpp"
#include "plugins/plugin_settings.hpp"
#include "plugins/plugin_states.hpp"

#include <rapport/sdk/http.hpp>
#include <rapport/sdk/plugin.hpp>
#include <rapport/sdk/plugin_context.hpp>

#include <atomic>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace rapport::db {
class Listener;
}

namespace rapport::plugins {

// A computed field a plugin registered in start().
struct PluginComputedField {
    std::string entity;
    std::string field;
    sdk::PluginContext::ComputeField compute;
};

// An action a plugin implements, on any entity.
struct PluginAction {
    std::string entity;
    std::string name;
    sdk::ActionHandler handler;
};

// A validator (before commit) or handler (after commit) of record events.
struct PluginSubscription {
    std::string event;
    bool before_commit = false;
    sdk::EventHandler handler;
};

// A handler of the plugin's jobs of one kind.
struct PluginJobHandler {
    std::string kind;
    sdk::PluginContext::JobHandler handler;
};

// A view of one record a plugin serves under /api/v1/records/{entity}/{id}/{name}.
struct PluginRecordView {
    std::string entity;
    std::string name;
    sdk::PluginContext::RecordViewHandler handler;
};

// A view of an entity as a whole (a report) under /api/v1/records/{entity}/{name}.
struct PluginEntityView {
    std::string entity;
    std::string name;
    sdk::PluginContext::EntityViewHandler handler;
};

// A route a plugin registered in start().
struct PluginRoute {
    http::Method method;
    std::string pattern;
    sdk::RouteHandler handler;
};

// A plugin running in this process. The library is declared before what holds its code (the
// instance, whose destructor is in the library, and the route handlers), so it is destroyed
// last; the context outlives the instance and handlers, which may keep references to it.
struct ActivePlugin {
    Manifest manifest;
    LoadedPlugin library;
    std::unique_ptr<sdk::PluginContext> context;
    std::unique_ptr<sdk::Plugin> instance;
    std::vector<PluginRoute> routes;
    std::vector<PluginComputedField> computed_fields;
    std::vector<PluginAction> actions;
    std::vector<PluginSubscription> subscriptions;
    std::vector<PluginJobHandler> job_handlers;
    std::vector<PluginRecordView> record_views;
    std::vector<PluginEntityView> entity_views;
};
using ActivePlugins = std::vector<std::shared_ptr<const ActivePlugin>>;

// What the admin API shows of a plugin.
struct PluginInfo {
    std::string id;
    std::string name;
    std::string version;
    std::string state;
    std::vector<std::string> depends;
    std::string error;
    std::vector<std::string> also_installed;  // by the install that answers this
};

// The channel on which servers announce plugin changes (PostgreSQL NOTIFY).
inline constexpr std::string_view registry_channel = "rapport_registry";

class PluginRuntime {
  public:
    // Makes `plugins` what requests see: their entities, grants and registrations. Throws
    // (records::DefinitionError, db::DatabaseError) and changes nothing when it cannot.
    using Publish = std::function<void(const ActivePlugins& plugins)>;

    // `current_store`: the record store requests see now, for the plugins' PluginContext.
    PluginRuntime(db::Database& database, const config::Config& config, Publish publish,
                  CurrentStore current_store);
    ~PluginRuntime();
    PluginRuntime(const PluginRuntime&) = delete;
    PluginRuntime& operator=(const PluginRuntime&) = delete;

    // At server start: registers the bundled packages, restores the installed set (a plugin
    // that cannot start is `failed`, with its error, and the server goes on), and on the first
    // start of a database installs config.plugins.install.
    void start();
    // At server stop: stops the watcher and the active plugins.
    void stop() noexcept;

    // Catches up with plugin changes another process made on the same database (and data
    // directory): what is installed there is started here, what was removed there is stopped.
    // start() runs it every second from a watcher thread, and at once when a server on the
    // same PostgreSQL announces a change (NOTIFY); tests may call it directly.
    void synchronise();

    std::vector<PluginInfo> list();
    // A raw .rpk: checked (package, signature, manifest, sdk_abi) and stored; the plugin is
    // then available. A newer version of an installed plugin upgrades it in place; an older
    // one is refused. Throws sdk::Error.
    PluginInfo upload(std::string_view package);
    // Throws sdk::Error: not_found, conflict (state, dependencies) or validation_failed (the
    // package or the plugin's code refused), with nothing changed.
    PluginInfo install(std::string_view id);
    PluginInfo uninstall(std::string_view id, bool drop_data);
    PluginInfo enable(std::string_view id);
    PluginInfo disable(std::string_view id);

    // What plugin `id` (in any state) lets an admin set. Throws sdk::Error(not_found).
    SettingsSchema settings_schema(std::string_view id);
    // The values of every plugin's settings.
    PluginSettings& settings() { return settings_; }

  private:
    struct Entry {
        Manifest manifest;
        std::filesystem::path package;
        std::string state;
        std::string error;
        std::shared_ptr<ActivePlugin> active;  // when installed and running
    };

    Entry& entry(std::string_view id);
    PluginInfo info(const Entry& entry) const;
    Manifest checked_manifest(std::string_view bytes);
    std::optional<Manifest> register_package(std::string_view bytes, bool from_upload);
    std::shared_ptr<ActivePlugin> activate(const Entry& entry);
    ActivePlugins active_set() const;
    ActivePlugins active_set_without(const std::shared_ptr<ActivePlugin>& left_out) const;
    void publish_or_throw(const ActivePlugins& plugins);
    void start_plugin(ActivePlugin& plugin, bool first_install);
    void publish_routes();
    void retire(const std::shared_ptr<ActivePlugin>& plugin) noexcept;
    void save(const Entry& entry);
    PluginInfo install_locked(const std::string& id);
    void changed();  // a change other processes must pick up
    void restore();
    void watch();

    db::Database& database_;
    const config::Config& config_;
    Publish publish_;
    CurrentStore current_store_;
    PluginStates states_;
    PluginPackages packages_;
    PluginSettings settings_;
    std::vector<std::string> trusted_keys_;
    std::mutex mutex_;
    std::map<std::string, Entry, std::less<>> entries_;
    // Libraries of stopped plugins stay mapped until the process ends (ARCHITECTURE.md §3).
    std::vector<std::shared_ptr<ActivePlugin>> retired_;
    unsigned install_counter_ = 0;
    std::int64_t seen_generation_ = 0;
    std::unique_ptr<db::Listener> listener_;
    std::atomic<bool> stopping_ = false;
    std::thread watcher_;
};

}  // namespace rapport::plugins
