#include "plugins/dependency_resolver.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <deque>
#include <set>

namespace rapport::plugins {
namespace {

// Each plugin of a graph and the plugins of the same graph it depends on, in declared order.
using Graph = std::map<std::string, std::vector<std::string>, std::less<>>;

std::string join(const std::vector<std::string>& problems) {
    std::string text;
    for (const auto& problem : problems) {
        text += (text.empty() ? "" : "; ") + problem;
    }
    return text;
}

// "reports needs ledger >=1.0" (or without a version when any will do).
std::string needs(std::string_view dependent, const Dependency& dependency) {
    if (dependency.requirement.accepts_any()) {
        return fmt::format("{} needs {}", dependent, dependency.id);
    }
    return fmt::format("{} needs {} {}", dependent, dependency.id,
                       dependency.requirement.to_string());
}

// A cycle among `remaining`, all of which still wait for a dependency in `remaining`: walking
// from any of them along such dependencies must come back to a plugin already on the way.
std::string cycle_chain(const Graph& graph, const std::set<std::string>& remaining,
                        std::string_view start) {
    std::vector<std::string> walk;
    std::string at(remaining.contains(std::string(start)) ? start : *remaining.begin());
    while (std::find(walk.begin(), walk.end(), at) == walk.end()) {
        walk.push_back(at);
        const auto& depends = graph.find(at)->second;
        at = *std::find_if(depends.begin(), depends.end(),
                           [&](const std::string& id) { return remaining.contains(id); });
    }
    std::string chain;
    for (auto it = std::find(walk.begin(), walk.end(), at); it != walk.end(); ++it) {
        chain += *it + " -> ";
    }
    return "dependency cycle: " + chain + at;
}

// Kahn's algorithm, always taking the smallest ready id, so that the same set gives the same
// order on every server. A cycle is reported as a chain, starting from `start` when it lies on
// or leads into it.
std::vector<std::string> topological_order(const Graph& graph, std::string_view start = {}) {
    std::map<std::string, std::size_t, std::less<>> waiting_for;
    std::map<std::string, std::vector<std::string>, std::less<>> dependents;
    std::set<std::string> ready;
    for (const auto& [id, depends] : graph) {
        waiting_for[id] = depends.size();
        for (const auto& dependency : depends) {
            dependents[dependency].push_back(id);
        }
        if (depends.empty()) {
            ready.insert(id);
        }
    }
    std::vector<std::string> order;
    while (!ready.empty()) {
        order.push_back(ready.extract(ready.begin()).value());
        for (const auto& dependent : dependents[order.back()]) {
            if (--waiting_for[dependent] == 0) {
                ready.insert(dependent);
            }
        }
    }
    if (order.size() < graph.size()) {
        std::set<std::string> remaining;
        for (const auto& [id, count] : waiting_for) {
            if (count > 0) {
                remaining.insert(id);
            }
        }
        throw DependencyError({cycle_chain(graph, remaining, start)});
    }
    return order;
}

class InstallResolver {
  public:
    InstallResolver(const PluginSet& catalogue, const PluginSet& installed)
        : catalogue_(catalogue), installed_(installed) {}

    InstallPlan resolve(std::string_view requested) {
        const auto plugin = catalogue_.find(requested);
        if (plugin == catalogue_.end()) {
            throw DependencyError(
                {fmt::format("unknown plugin {}: it is not in the catalogue", requested)});
        }
        collect(plugin->second);
        if (installed_.contains(requested)) {
            check_upgrade(plugin->second);
        }
        if (!problems_.empty()) {
            throw DependencyError(std::move(problems_));
        }
        InstallPlan plan;
        plan.order = topological_order(graph_, requested);
        for (const auto& [id, depends] : graph_) {
            if (id != requested) {
                plan.also_installs.push_back(id);
            }
        }
        return plan;
    }

  private:
    // Adds `plugin` and every dependency it brings along to graph_, noting what is missing.
    void collect(const PluginDependencies& plugin) {
        graph_.try_emplace(plugin.id);
        for (const auto& dependency : plugin.depends) {
            if (const auto present = installed_.find(dependency.id); present != installed_.end()) {
                if (!dependency.requirement.satisfied_by(present->second.version)) {
                    problems_.push_back(fmt::format("{}, {} {} is installed",
                                                    needs(plugin.id, dependency), dependency.id,
                                                    present->second.version.to_string()));
                }
                continue;
            }
            const auto available = catalogue_.find(dependency.id);
            if (available == catalogue_.end()) {
                problems_.push_back(
                    fmt::format("{}, which is not in the catalogue", needs(plugin.id, dependency)));
                continue;
            }
            if (!dependency.requirement.satisfied_by(available->second.version)) {
                problems_.push_back(fmt::format("{}, the catalogue has {}",
                                                needs(plugin.id, dependency),
                                                available->second.version.to_string()));
            }
            graph_[plugin.id].push_back(dependency.id);
            if (!graph_.contains(dependency.id)) {
                collect(available->second);
            }
        }
    }

    // An upgrade must keep the installed plugins that depend on the plugin satisfied.
    void check_upgrade(const PluginDependencies& upgrade) {
        for (const auto& [id, plugin] : installed_) {
            for (const auto& dependency : plugin.depends) {
                if (dependency.id == upgrade.id &&
                    !dependency.requirement.satisfied_by(upgrade.version)) {
                    problems_.push_back(fmt::format("{}, the catalogue has {}",
                                                    needs(id, dependency),
                                                    upgrade.version.to_string()));
                }
            }
        }
    }

    const PluginSet& catalogue_;
    const PluginSet& installed_;
    Graph graph_;
    std::vector<std::string> problems_;
};

}  // namespace

DependencyError::DependencyError(std::vector<std::string> problems)
    : std::runtime_error(join(problems)), problems_(std::move(problems)) {}

PluginDependencies dependencies_of(const Manifest& manifest) {
    return {manifest.id, manifest.version, manifest.depends};
}

InstallPlan resolve_install(const PluginSet& catalogue, const PluginSet& installed,
                            std::string_view requested) {
    return InstallResolver(catalogue, installed).resolve(requested);
}

std::vector<std::string> dependents_of(std::string_view id, const PluginSet& installed) {
    std::set<std::string, std::less<>> found;
    std::deque<std::string> pending{std::string(id)};
    while (!pending.empty()) {
        const std::string current = std::move(pending.front());
        pending.pop_front();
        for (const auto& [other, plugin] : installed) {
            const bool depends_on_current =
                std::any_of(plugin.depends.begin(), plugin.depends.end(),
                            [&](const Dependency& dependency) { return dependency.id == current; });
            if (depends_on_current && other != id && found.insert(other).second) {
                pending.push_back(other);
            }
        }
    }
    return {found.begin(), found.end()};
}

std::vector<std::string> start_order(const PluginSet& installed) {
    Graph graph;
    for (const auto& [id, plugin] : installed) {
        auto& depends = graph[id];
        for (const auto& dependency : plugin.depends) {
            if (installed.contains(dependency.id)) {
                depends.push_back(dependency.id);
            }
        }
    }
    return topological_order(graph);
}

}  // namespace rapport::plugins
