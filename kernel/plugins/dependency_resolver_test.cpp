#include "plugins/dependency_resolver.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <initializer_list>

namespace rapport::plugins {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// "questionnaires>=1.0" or "questionnaires" (any version).
Dependency dependency(std::string_view text) {
    const auto at = text.find_first_of("><=^~*");
    return {std::string(text.substr(0, at)),
            *VersionRequirement::parse(at == std::string_view::npos ? "" : text.substr(at))};
}

PluginDependencies plugin(std::string_view id, std::string_view version,
                          std::initializer_list<std::string_view> depends = {}) {
    PluginDependencies result{std::string(id), *SemanticVersion::parse(version), {}};
    for (const auto text : depends) {
        result.depends.push_back(dependency(text));
    }
    return result;
}

PluginSet set_of(std::initializer_list<PluginDependencies> plugins) {
    PluginSet set;
    for (const auto& item : plugins) {
        set.emplace(item.id, item);
    }
    return set;
}

std::vector<std::string> install_problems(const PluginSet& catalogue, const PluginSet& installed,
                                          std::string_view requested) {
    try {
        resolve_install(catalogue, installed, requested);
    } catch (const DependencyError& error) {
        return error.problems();
    }
    return {};
}

const PluginSet catalogue = set_of({
    plugin("questionnaires", "1.0.0"),
    plugin("customer_profiling", "1.0.0", {"questionnaires>=1.0"}),
    plugin("survey", "1.1.0", {"questionnaires^1.0"}),
    plugin("insights", "0.3.0", {"survey>=1.0", "customer_profiling"}),
    plugin("sales", "1.0.0"),
});

TEST(ResolveInstall, InstallsAPluginWithoutDependenciesAlone) {
    const auto plan = resolve_install(catalogue, {}, "sales");

    EXPECT_THAT(plan.order, ElementsAre("sales"));
    EXPECT_THAT(plan.also_installs, IsEmpty());
}

TEST(ResolveInstall, AlsoInstallsMissingDependenciesFirst) {
    const auto plan = resolve_install(catalogue, {}, "customer_profiling");

    EXPECT_THAT(plan.order, ElementsAre("questionnaires", "customer_profiling"));
    EXPECT_THAT(plan.also_installs, ElementsAre("questionnaires"));
}

TEST(ResolveInstall, OrdersTransitiveDependenciesWithTiesById) {
    const auto plan = resolve_install(catalogue, {}, "insights");

    EXPECT_THAT(plan.order,
                ElementsAre("questionnaires", "customer_profiling", "survey", "insights"));
    EXPECT_THAT(plan.also_installs, ElementsAre("customer_profiling", "questionnaires", "survey"));
}

TEST(ResolveInstall, LeavesOutDependenciesAlreadyInstalled) {
    const auto installed = set_of({plugin("questionnaires", "1.0.0")});

    const auto plan = resolve_install(catalogue, installed, "survey");

    EXPECT_THAT(plan.order, ElementsAre("survey"));
    EXPECT_THAT(plan.also_installs, IsEmpty());
}

TEST(ResolveInstall, RefusesAnUnknownPlugin) {
    EXPECT_THAT(install_problems(catalogue, {}, "crm_magic"),
                ElementsAre("unknown plugin crm_magic: it is not in the catalogue"));
}

TEST(ResolveInstall, RefusesADependencyMissingFromTheCatalogue) {
    const auto partial = set_of({plugin("customer_profiling", "1.0.0", {"questionnaires>=1.0"})});

    EXPECT_THAT(install_problems(partial, {}, "customer_profiling"),
                ElementsAre("customer_profiling needs questionnaires >=1.0, which is not in "
                            "the catalogue"));
}

TEST(ResolveInstall, RefusesACatalogueVersionThatDoesNotMeetTheRequirement) {
    const auto old = set_of({plugin("questionnaires", "1.0.0"),
                             plugin("customer_profiling", "2.0.0", {"questionnaires>=2.0"})});

    EXPECT_THAT(install_problems(old, {}, "customer_profiling"),
                ElementsAre("customer_profiling needs questionnaires >=2.0, the catalogue has "
                            "1.0.0"));
}

TEST(ResolveInstall, RefusesAnInstalledVersionThatDoesNotMeetTheRequirement) {
    const auto newer = set_of({plugin("questionnaires", "2.1.0"),
                               plugin("customer_profiling", "2.0.0", {"questionnaires>=2.0"})});
    const auto installed = set_of({plugin("questionnaires", "1.4.0")});

    EXPECT_THAT(install_problems(newer, installed, "customer_profiling"),
                ElementsAre("customer_profiling needs questionnaires >=2.0, questionnaires 1.4.0 "
                            "is installed"));
}

TEST(ResolveInstall, ReportsEveryMissingDependencyAtOnce) {
    const auto partial =
        set_of({plugin("insights", "0.3.0", {"survey>=1.0", "customer_profiling"})});

    EXPECT_THAT(install_problems(partial, {}, "insights"),
                ElementsAre("insights needs survey >=1.0, which is not in the catalogue",
                            "insights needs customer_profiling, which is not in the catalogue"));
}

TEST(ResolveInstall, ReportsACycleAsAChain) {
    const auto cyclic = set_of(
        {plugin("a", "1.0.0", {"b"}), plugin("b", "1.0.0", {"c"}), plugin("c", "1.0.0", {"a"})});

    EXPECT_THAT(install_problems(cyclic, {}, "a"),
                ElementsAre("dependency cycle: a -> b -> c -> a"));
}

TEST(ResolveInstall, ReportsACycleBehindTheRequestedPlugin) {
    const auto cyclic = set_of(
        {plugin("app", "1.0.0", {"b"}), plugin("b", "1.0.0", {"c"}), plugin("c", "1.0.0", {"b"})});

    EXPECT_THAT(install_problems(cyclic, {}, "app"), ElementsAre("dependency cycle: b -> c -> b"));
}

TEST(ResolveInstall, RefusesAnUpgradeThatBreaksAnInstalledDependent) {
    const auto upgraded = set_of({plugin("questionnaires", "2.0.0")});
    const auto installed = set_of(
        {plugin("questionnaires", "1.0.0"), plugin("survey", "1.1.0", {"questionnaires^1.0"})});

    EXPECT_THAT(install_problems(upgraded, installed, "questionnaires"),
                ElementsAre("survey needs questionnaires ^1.0, the catalogue has 2.0.0"));
}

TEST(DependentsOf, NamesDirectAndTransitiveDependentsSorted) {
    const auto installed = set_of({
        plugin("questionnaires", "1.0.0"),
        plugin("survey", "1.1.0", {"questionnaires"}),
        plugin("insights", "0.3.0", {"survey"}),
        plugin("customer_profiling", "1.0.0", {"questionnaires"}),
        plugin("sales", "1.0.0"),
    });

    EXPECT_THAT(dependents_of("questionnaires", installed),
                ElementsAre("customer_profiling", "insights", "survey"));
    EXPECT_THAT(dependents_of("survey", installed), ElementsAre("insights"));
    EXPECT_THAT(dependents_of("sales", installed), IsEmpty());
}

TEST(StartOrder, StartsDependenciesFirstWithTiesById) {
    const auto installed = set_of({
        plugin("survey", "1.1.0", {"questionnaires"}),
        plugin("sales", "1.0.0"),
        plugin("questionnaires", "1.0.0"),
        plugin("customer_profiling", "1.0.0", {"questionnaires"}),
        plugin("claims", "1.0.0"),
    });

    EXPECT_THAT(start_order(installed),
                ElementsAre("claims", "questionnaires", "customer_profiling", "sales", "survey"));
}

TEST(StartOrder, IgnoresDependenciesThatAreNotInstalled) {
    const auto installed = set_of({plugin("survey", "1.1.0", {"questionnaires"})});

    EXPECT_THAT(start_order(installed), ElementsAre("survey"));
}

TEST(StartOrder, ReportsACycleAsAChain) {
    const auto installed = set_of({plugin("a", "1.0.0", {"b"}), plugin("b", "1.0.0", {"a"})});

    try {
        start_order(installed);
        FAIL() << "expected a DependencyError";
    } catch (const DependencyError& error) {
        EXPECT_STREQ(error.what(), "dependency cycle: a -> b -> a");
    }
}

TEST(PluginSet, BuildsFromManifestsById) {
    Manifest manifest;
    manifest.id = "survey";
    manifest.version = *SemanticVersion::parse("1.1.0");
    manifest.depends.push_back(dependency("questionnaires>=1.0"));
    const std::map<std::string, Manifest> manifests{{"survey", manifest}};

    const auto set = plugin_set(manifests);

    ASSERT_TRUE(set.contains("survey"));
    EXPECT_EQ(set.at("survey").version.to_string(), "1.1.0");
    EXPECT_EQ(set.at("survey").depends.at(0).id, "questionnaires");
    EXPECT_EQ(plugin_set(std::vector<Manifest>{manifest}).size(), 1u);
}

}  // namespace
}  // namespace rapport::plugins
