// Which plugins an install brings along and in what order, which installed plugins stand in
// the way of an uninstall, and the order the installed set starts (and, reversed, stops) in.
#pragma once

#include "plugins/manifest.hpp"
#include "plugins/semantic_version.hpp"

#include <functional>
#include <map>
#include <ranges>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace rapport::plugins {

// What the resolver needs to know of one version of a plugin.
struct PluginDependencies {
    std::string id;
    SemanticVersion version;
    std::vector<Dependency> depends;
};

// Plugins by id: the catalogue of available versions, or the installed ones (whose versions
// may be older than the catalogue's).
using PluginSet = std::map<std::string, PluginDependencies, std::less<>>;

PluginDependencies dependencies_of(const Manifest& manifest);

// From manifests, or from (id, manifest) pairs such as a std::map<std::string, Manifest>.
template <std::ranges::input_range Manifests>
PluginSet plugin_set(const Manifests& manifests) {
    PluginSet plugins;
    for (const auto& item : manifests) {
        if constexpr (std::is_same_v<std::remove_cvref_t<decltype(item)>, Manifest>) {
            plugins.emplace(item.id, dependencies_of(item));
        } else {
            plugins.emplace(item.second.id, dependencies_of(item.second));
        }
    }
    return plugins;
}

// Every reason an install cannot go ahead, one sentence each, for the admin (HTTP 409).
class DependencyError : public std::runtime_error {
  public:
    explicit DependencyError(std::vector<std::string> problems);
    const std::vector<std::string>& problems() const noexcept { return problems_; }

  private:
    std::vector<std::string> problems_;
};

struct InstallPlan {
    std::vector<std::string> order;          // dependencies first, ties by id; requested last
    std::vector<std::string> also_installs;  // the dependencies not installed yet, by id
};

// Plans the install of `requested` from `catalogue`: the dependencies that are not installed
// come along; installed ones must already satisfy their requirements (an install never
// upgrades another plugin behind the admin's back). When `requested` is installed, this is an
// upgrade, and the installed plugins that depend on it must accept the catalogue's version.
// Throws DependencyError naming every unknown plugin, missing dependency and unmet version,
// or the first dependency cycle as a chain "a -> b -> a".
InstallPlan resolve_install(const PluginSet& catalogue, const PluginSet& installed,
                            std::string_view requested);

// The installed plugins that depend on `id`, directly or through others, by id: what an
// uninstall of `id` would break.
std::vector<std::string> dependents_of(std::string_view id, const PluginSet& installed);

// The installed plugins, dependencies before their dependents, ties by id; stop them in the
// reverse order. A dependency that is not installed does not hold anything back here (loading
// the dependent fails with its own error). Throws DependencyError on a cycle.
std::vector<std::string> start_order(const PluginSet& installed);

}  // namespace rapport::plugins
