#include "plugins/plugin_runtime.hpp"

#include "db/database.hpp"
#include "db/notifications.hpp"
#include "http/router.hpp"
#include "plugins/dependency_resolver.hpp"
#include "plugins/kernel_plugin_context.hpp"
#include "plugins/package_error.hpp"
#include "plugins/package_reader.hpp"
#include "plugins/plugin_data.hpp"
#include "plugins/plugin_files.hpp"
#include "records/definition_error.hpp"
#include "records/record_store.hpp"

#include <rapport/sdk/error.hpp>
#include <rapport/sdk/plugin_context.hpp>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>

namespace rapport::plugins {
namespace {

namespace fs = std::filesystem;

sdk::Error refused(sdk::ErrorCode code, std::string message) {
    return sdk::Error(code, std::move(message));
}

std::vector<std::string> dependency_ids(const Manifest& manifest) {
    std::vector<std::string> ids;
    for (const auto& dependency : manifest.depends) {
        ids.push_back(dependency.id);
    }
    return ids;
}

// Two plugins serving the same path would make the router refuse both: find out before the
// plugin that registered second counts as installed.
void check_routes(const ActivePlugins& plugins) {
    http::Router router;
    for (const auto& plugin : plugins) {
        for (const auto& route : plugin->routes) {
            try {
                router.add(route.method, route.pattern,
                           [](http::Request&) { return http::Response::no_content(); });
            } catch (const std::invalid_argument& error) {
                throw sdk::Error(
                    sdk::ErrorCode::conflict,
                    fmt::format("{} cannot serve {} {}: {}", plugin->manifest.id,
                                http::method_name(route.method), route.pattern, error.what()));
            }
        }
    }
}

}  // namespace

PluginRuntime::PluginRuntime(db::Database& database, const config::Config& config, Publish publish,
                             CurrentStore current_store)
    : database_(database)
    , config_(config)
    , publish_(std::move(publish))
    , current_store_(std::move(current_store))
    , states_(database)
    , packages_(database)
    , settings_(database)
    , trusted_keys_(config.plugins.trusted_keys) {
    if (!config.plugins.bundled_dir.empty()) {
        for (auto& key : keys_in(config.plugins.bundled_dir)) {
            trusted_keys_.push_back(std::move(key));
        }
    }
}

PluginRuntime::~PluginRuntime() {
    stop();
}

PluginRuntime::Entry& PluginRuntime::entry(std::string_view id) {
    const auto it = entries_.find(id);
    if (it == entries_.end()) {
        throw refused(sdk::ErrorCode::not_found, "no plugin '" + std::string(id) + "'");
    }
    return it->second;
}

PluginInfo PluginRuntime::info(const Entry& entry) const {
    return {entry.manifest.id,
            entry.manifest.name,
            entry.manifest.version.to_string(),
            entry.state,
            dependency_ids(entry.manifest),
            entry.error,
            {}};
}

void PluginRuntime::save(const Entry& entry) {
    states_.save({entry.manifest.id, entry.manifest.version.to_string(), entry.state, entry.error,
                  entry.package});
}

// Checks a package as a whole before anything of it is kept: archive, signature, manifest, ABI.
Manifest PluginRuntime::checked_manifest(std::string_view bytes) {
    const fs::path scratch =
        fresh_directory(config_.data_dir / "plugins" / "incoming", "package", install_counter_);
    DirectoryGuard remove_scratch(scratch);
    Manifest manifest;
    try {
        const auto package = extract_package(bytes, scratch / "files");
        verify_package(package, trusted_keys_, config_.plugins.allow_unsigned);
        manifest = parse_manifest(package.manifest_text, "plugin.yaml");
    } catch (const PackageError& error) {
        throw refused(sdk::ErrorCode::validation_failed, error.what());
    } catch (const records::DefinitionError& error) {
        throw refused(sdk::ErrorCode::validation_failed, error.what());
    }
    if (manifest.sdk_abi != sdk::sdk_abi) {
        throw refused(sdk::ErrorCode::validation_failed,
                      fmt::format("{} {} was built for sdk_abi {}, the server has {}", manifest.id,
                                  manifest.version.to_string(), manifest.sdk_abi, sdk::sdk_abi));
    }
    return manifest;
}

std::optional<Manifest> PluginRuntime::register_package(std::string_view bytes, bool from_upload) {
    const fs::path root = config_.data_dir / "plugins";
    Manifest manifest = checked_manifest(bytes);
    const auto existing = entries_.find(manifest.id);
    if (existing != entries_.end()) {
        const auto& known = existing->second.manifest.version;
        if (manifest.version < known) {
            throw refused(
                sdk::ErrorCode::conflict,
                fmt::format("{} {} is older than the known {}: downgrades are refused", manifest.id,
                            manifest.version.to_string(), known.to_string()));
        }
        if (manifest.version == known && !from_upload) {
            return std::nullopt;
        }
        if (manifest.version == known && existing->second.active) {
            throw refused(sdk::ErrorCode::conflict, fmt::format("{} {} is installed already",
                                                                manifest.id, known.to_string()));
        }
    }
    const fs::path stored =
        root / "packages" / fmt::format("{}-{}.rpk", manifest.id, manifest.version.to_string());
    fs::create_directories(stored.parent_path());
    write_file(stored, bytes);
    packages_.store(manifest.id, manifest.version.to_string(), bytes);
    if (existing == entries_.end()) {
        entries_.emplace(manifest.id,
                         Entry{manifest, stored, std::string(state_available), {}, nullptr});
        save(entries_.at(manifest.id));
        return manifest;
    }
    return manifest;
}

std::shared_ptr<ActivePlugin> PluginRuntime::activate(const Entry& entry) {
    const auto& manifest = entry.manifest;
    const fs::path directory = fresh_directory(config_.data_dir / "plugins" / manifest.id,
                                               manifest.version.to_string(), install_counter_);
    DirectoryGuard remove_directory(directory);
    auto active = std::make_shared<ActivePlugin>();
    active->manifest = manifest;
    try {
        const auto package = extract_package(read_file_bytes(entry.package), directory);
        const auto library = std::find_if(
            package.members.begin(), package.members.end(), [](const PackageMember& member) {
                return member.path.starts_with("lib/") && member.path.ends_with(".so");
            });
        // The library must carry the manifest of the package it came in.
        active->library = load_plugin_library(directory / library->path, manifest.id,
                                              manifest.version.to_string(), package.manifest_text);
        active->context = std::make_unique<KernelPluginContext>(*active, current_store_, settings_);
        active->instance = active->library.descriptor->create();
    } catch (const std::exception& error) {
        throw refused(sdk::ErrorCode::validation_failed,
                      fmt::format("cannot load {}: {}", manifest.id, error.what()));
    }
    if (!active->instance) {
        throw refused(sdk::ErrorCode::validation_failed,
                      fmt::format("cannot load {}: its create() returned nothing", manifest.id));
    }
    remove_directory.keep();
    return active;
}

ActivePlugins PluginRuntime::active_set() const {
    ActivePlugins plugins;
    for (const auto& [id, entry] : entries_) {
        if (entry.active) {
            plugins.push_back(entry.active);
        }
    }
    return plugins;
}

ActivePlugins PluginRuntime::active_set_without(
    const std::shared_ptr<ActivePlugin>& left_out) const {
    ActivePlugins plugins;
    for (const auto& plugin : active_set()) {
        if (plugin != left_out) {
            plugins.push_back(plugin);
        }
    }
    return plugins;
}

void PluginRuntime::publish_or_throw(const ActivePlugins& plugins) {
    try {
        publish_(plugins);
    } catch (const records::DefinitionError& error) {
        throw refused(sdk::ErrorCode::validation_failed, error.what());
    } catch (const sdk::Error&) {
        throw;
    } catch (const std::exception& error) {
        throw refused(
            sdk::ErrorCode::validation_failed,
            std::string("the database could not take the plugin's entities: ") + error.what());
    }
}

void PluginRuntime::start_plugin(ActivePlugin& plugin, bool first_install) {
    auto& context = *plugin.context;
    try {
        if (first_install) {
            plugin.instance->on_install(context);
        }
        plugin.instance->start(context);
    } catch (const std::exception& error) {
        spdlog::error("plugin {}: {} failed: {}", plugin.manifest.id,
                      first_install ? "on_install/start" : "start", error.what());
        throw refused(sdk::ErrorCode::validation_failed,
                      fmt::format("{} failed to start: {}", plugin.manifest.id, error.what()));
    }
}

// The plugins' routes exist only once they started, after the publish that gave them their
// entities: a second publish serves the routes. A conflict between two plugins' routes shows
// here, and the plugins run without them.
void PluginRuntime::publish_routes() {
    try {
        publish_(active_set());
    } catch (const std::exception& error) {
        spdlog::error("the plugins' routes cannot be served: {}", error.what());
    }
}

void PluginRuntime::retire(const std::shared_ptr<ActivePlugin>& plugin) noexcept {
    if (plugin) {
        retired_.push_back(plugin);
    }
}

PluginInfo PluginRuntime::install_locked(const std::string& id) {
    Entry& requested = entry(id);
    if (requested.state == state_installed || requested.state == state_disabled) {
        throw refused(sdk::ErrorCode::conflict, id + " is already " + requested.state);
    }
    PluginSet catalogue;
    PluginSet installed;
    for (const auto& [name, known] : entries_) {
        catalogue.emplace(name, dependencies_of(known.manifest));
        if (known.active) {
            installed.emplace(name, dependencies_of(known.manifest));
        }
    }
    InstallPlan plan;
    try {
        plan = resolve_install(catalogue, installed, id);
    } catch (const DependencyError& error) {
        throw refused(sdk::ErrorCode::conflict, error.what());
    }
    std::vector<std::shared_ptr<ActivePlugin>> added;
    const auto undo = [&] {
        for (auto& plugin : added) {
            retire(plugin);
        }
    };
    try {
        for (const auto& name : plan.order) {
            const Entry& next = entry(name);
            if (next.active) {
                continue;
            }
            if (next.state == state_disabled) {
                throw refused(
                    sdk::ErrorCode::conflict,
                    fmt::format("{} needs {}, which is disabled: enable it first", id, name));
            }
            added.push_back(activate(next));
        }
        ActivePlugins plugins = active_set();
        plugins.insert(plugins.end(), added.begin(), added.end());
        publish_or_throw(plugins);
    } catch (...) {
        undo();
        throw;
    }
    for (std::size_t i = 0; i < added.size(); ++i) {
        try {
            start_plugin(*added[i], true);
            ActivePlugins running = active_set();
            running.insert(running.end(), added.begin(), added.begin() + static_cast<long>(i) + 1);
            check_routes(running);
        } catch (...) {
            for (std::size_t j = i; j-- > 0;) {
                added[j]->instance->stop();
            }
            publish_(active_set());
            undo();
            throw;
        }
    }
    for (auto& plugin : added) {
        Entry& installed_entry = entries_.at(plugin->manifest.id);
        installed_entry.active = plugin;
        installed_entry.state = state_installed;
        installed_entry.error.clear();
        save(installed_entry);
    }
    publish_routes();
    changed();
    auto result = info(requested);
    result.also_installed = plan.also_installs;
    return result;
}

void PluginRuntime::start() {
    {
        std::lock_guard lock(mutex_);
        seen_generation_ = states_.generation();
        restore();
    }
    listener_ = std::make_unique<db::Listener>(database_, std::string(registry_channel));
    watcher_ = std::thread([this] { watch(); });
}

void PluginRuntime::restore() {
    const auto saved = states_.all();
    const bool first_start = saved.empty();
    for (const auto& state : saved) {
        try {
            register_package(read_file_bytes(local_package(packages_, state, config_.data_dir)),
                             false);
            Entry& known = entries_.at(state.id);
            known.state = state.state;
            known.error = state.error;
            save(known);  // registering it wrote `available`
        } catch (const std::exception& error) {
            spdlog::error("plugin {}: its package cannot be used: {}", state.id, error.what());
        }
    }
    if (!config_.plugins.bundled_dir.empty()) {
        for (const auto& package : packages_in(config_.plugins.bundled_dir)) {
            try {
                register_package(read_file_bytes(package), false);
            } catch (const std::exception& error) {
                spdlog::error("bundled plugin {}: {}", package.filename().string(), error.what());
            }
        }
    }
    PluginSet installed;
    for (const auto& [id, known] : entries_) {
        if (known.state == state_installed) {
            installed.emplace(id, dependencies_of(known.manifest));
        }
    }
    std::vector<std::shared_ptr<ActivePlugin>> restored;
    for (const auto& id : start_order(installed)) {
        Entry& known = entries_.at(id);
        for (const auto& dependency : known.manifest.depends) {
            const auto it = entries_.find(dependency.id);
            if (it == entries_.end() || !it->second.active) {
                known.error = "needs " + dependency.id + ", which is not running";
            }
        }
        if (known.error.empty()) {
            try {
                known.active = activate(known);
                restored.push_back(known.active);
                continue;
            } catch (const std::exception& error) {
                known.error = error.what();
            }
        }
        known.state = state_failed;
        save(known);
        spdlog::error("plugin {} failed: {}", id, known.error);
    }
    try {
        publish_(active_set());
        for (auto& plugin : restored) {
            start_plugin(*plugin, false);
        }
        publish_(active_set());  // now with the routes the plugins registered
    } catch (const std::exception& error) {
        spdlog::error("the installed plugins cannot start together: {}", error.what());
        for (auto& plugin : restored) {
            Entry& known = entries_.at(plugin->manifest.id);
            known.active.reset();
            known.state = state_failed;
            known.error = error.what();
            save(known);
            retire(plugin);
        }
        publish_(active_set());
    }
    if (first_start) {
        for (const auto& id : config_.plugins.install) {
            try {
                install_locked(id);
                spdlog::info("installed plugin {}", id);
            } catch (const std::exception& error) {
                spdlog::error("cannot install plugin {} on first start: {}", id, error.what());
            }
        }
    }
}

void PluginRuntime::stop() noexcept {
    stopping_ = true;
    if (listener_) {
        listener_->interrupt();
    }
    if (watcher_.joinable()) {
        watcher_.join();
    }
    std::lock_guard lock(mutex_);
    for (auto& [id, known] : entries_) {
        if (known.active) {
            known.active->instance->stop();
            retire(known.active);
            known.active.reset();
        }
    }
}

void PluginRuntime::changed() {
    seen_generation_ = states_.bump_generation();
    try {
        db::notify(database_, registry_channel);
    } catch (const std::exception& error) {
        // The others still notice within a second.
        spdlog::warn("cannot notify other servers of a plugin change: {}", error.what());
    }
}

// Catches up every second, and at once when a server on the same PostgreSQL announces a change.
void PluginRuntime::watch() {
    while (!stopping_) {
        listener_->wait(std::chrono::seconds(1));
        if (stopping_) {
            return;
        }
        try {
            synchronise();
        } catch (const std::exception& error) {
            spdlog::error("cannot catch up with plugin changes: {}", error.what());
        }
    }
}

void PluginRuntime::synchronise() {
    std::lock_guard lock(mutex_);
    const auto generation = states_.generation();
    if (generation == seen_generation_) {
        return;
    }
    std::vector<std::shared_ptr<ActivePlugin>> started;
    for (const auto& saved : states_.all()) {
        auto known = entries_.find(saved.id);
        if (known == entries_.end() ||
            known->second.manifest.version.to_string() != saved.version) {
            if (known != entries_.end() && known->second.active) {
                known->second.active->instance->stop();
                retire(known->second.active);
                known->second.active.reset();
            }
            const auto package = local_package(packages_, saved, config_.data_dir);
            const auto bytes = read_file_bytes(package);
            if (known == entries_.end()) {
                register_package(bytes, false);
                known = entries_.find(saved.id);
            } else {
                known->second.manifest = checked_manifest(bytes);  // upgraded by another process
                known->second.package = package;
            }
        }
        Entry& entry = known->second;
        entry.state = saved.state;
        entry.error = saved.error;
        const bool wanted = saved.state == state_installed;
        if (wanted && !entry.active) {
            entry.active = activate(entry);
            started.push_back(entry.active);
        } else if (!wanted && entry.active) {
            entry.active->instance->stop();
            retire(entry.active);
            entry.active.reset();
        }
    }
    publish_(active_set());
    for (auto& plugin : started) {
        start_plugin(*plugin, false);  // on_install ran in the process that installed it
    }
    publish_routes();
    seen_generation_ = generation;
}

std::vector<PluginInfo> PluginRuntime::list() {
    std::lock_guard lock(mutex_);
    std::vector<PluginInfo> plugins;
    for (const auto& [id, known] : entries_) {
        plugins.push_back(info(known));
    }
    return plugins;
}

PluginInfo PluginRuntime::upload(std::string_view package) {
    std::lock_guard lock(mutex_);
    const auto manifest = register_package(package, true);
    Entry& known = entries_.at(manifest->id);
    if (known.manifest.version == manifest->version) {
        known.manifest = *manifest;  // the same version again replaces what is not running
        save(known);
        return info(known);
    }
    // A newer version of a known plugin: the stored package and manifest move on; a running
    // plugin is upgraded in place, dependents permitting.
    const Entry previous = known;
    known.manifest = *manifest;
    known.package = config_.data_dir / "plugins" / "packages" /
                    fmt::format("{}-{}.rpk", manifest->id, manifest->version.to_string());
    if (!previous.active) {
        save(known);
        return info(known);
    }
    try {
        auto upgraded = activate(known);
        ActivePlugins plugins;
        for (const auto& plugin : active_set()) {
            plugins.push_back(plugin == previous.active ? upgraded : plugin);
        }
        publish_or_throw(plugins);
        previous.active->instance->stop();
        start_plugin(*upgraded, false);
        retire(previous.active);
        known.active = upgraded;
        publish_routes();
    } catch (...) {
        known = previous;
        publish_(active_set());
        throw;
    }
    save(known);
    changed();
    return info(known);
}

SettingsSchema PluginRuntime::settings_schema(std::string_view id) {
    std::lock_guard lock(mutex_);
    return entry(id).manifest.settings;
}

PluginInfo PluginRuntime::install(std::string_view id) {
    std::lock_guard lock(mutex_);
    return install_locked(std::string(id));
}

PluginInfo PluginRuntime::uninstall(std::string_view id, bool drop_data) {
    std::lock_guard lock(mutex_);
    Entry& known = entry(id);
    if (known.state == state_available) {
        throw refused(sdk::ErrorCode::conflict, std::string(id) + " is not installed");
    }
    PluginSet installed;
    for (const auto& [name, other] : entries_) {
        if (other.state == state_installed || other.state == state_disabled) {
            installed.emplace(name, dependencies_of(other.manifest));
        }
    }
    if (const auto dependents = dependents_of(id, installed); !dependents.empty()) {
        std::string names;
        for (const auto& name : dependents) {
            names += (names.empty() ? "" : ", ") + name;
        }
        throw refused(sdk::ErrorCode::conflict,
                      fmt::format("{} is needed by {}: uninstall them first", id, names));
    }
    if (known.active) {
        publish_or_throw(active_set_without(known.active));
        known.active->instance->stop();
        retire(known.active);
        known.active.reset();
    }
    known.state = state_available;
    known.error.clear();
    save(known);
    changed();
    if (drop_data) {
        drop_plugin_data(database_, settings_, known.manifest);
    }
    return info(known);
}

PluginInfo PluginRuntime::enable(std::string_view id) {
    std::lock_guard lock(mutex_);
    Entry& known = entry(id);
    if (known.state != state_disabled) {
        throw refused(sdk::ErrorCode::conflict,
                      std::string(id) + " is " + known.state + ", not disabled");
    }
    for (const auto& dependency : known.manifest.depends) {
        if (!entries_.contains(dependency.id) || !entries_.at(dependency.id).active) {
            throw refused(sdk::ErrorCode::conflict,
                          fmt::format("{} needs {}, which is not running", id, dependency.id));
        }
    }
    auto active = activate(known);
    ActivePlugins plugins = active_set();
    plugins.push_back(active);
    try {
        publish_or_throw(plugins);
        start_plugin(*active, false);
    } catch (...) {
        publish_(active_set());
        retire(active);
        throw;
    }
    known.active = active;
    known.state = state_installed;
    save(known);
    publish_routes();
    changed();
    return info(known);
}

PluginInfo PluginRuntime::disable(std::string_view id) {
    std::lock_guard lock(mutex_);
    Entry& known = entry(id);
    if (known.state != state_installed || !known.active) {
        throw refused(sdk::ErrorCode::conflict,
                      std::string(id) + " is " + known.state + ", not installed and running");
    }
    PluginSet running;
    for (const auto& [name, other] : entries_) {
        if (other.active) {
            running.emplace(name, dependencies_of(other.manifest));
        }
    }
    if (const auto dependents = dependents_of(id, running); !dependents.empty()) {
        throw refused(sdk::ErrorCode::conflict,
                      fmt::format("{} is needed by {}, which run", id, dependents.front()));
    }
    publish_or_throw(active_set_without(known.active));
    known.active->instance->stop();
    retire(known.active);
    known.active.reset();
    known.state = state_disabled;
    save(known);
    changed();
    return info(known);
}

}  // namespace rapport::plugins
