// The plugin ABI: the Plugin base class, the descriptor every plugin library exports and the
// RAPPORT_PLUGIN macro that exports it. Every plugin includes it; the kernel only where it loads
// or runs plugins.
#pragma once

#include <boost/dll/alias.hpp>

#include <memory>
#include <type_traits>

namespace rapport::sdk {

// The ABI this SDK defines. A plugin records the value it was compiled against in its
// descriptor; the server refuses a library whose value differs from its own. Bump it whenever
// a change to the sdk would break a plugin built against the previous headers.
inline constexpr int sdk_abi = 1;

// Implemented by the kernel: record store, actions, routes, events, scheduler and logger.
class PluginContext;

class Plugin {
  public:
    // Out of line (sdk/src/plugin.cpp) so that it is the key function: Plugin's vtable and
    // type_info are emitted once, in librapport_sdk, and not as hidden copies in every plugin
    // built with -fvisibility=hidden.
    virtual ~Plugin();

    // Once, when the plugin is installed, after its migrations ran.
    virtual void on_install(PluginContext&) {}
    // Every time the server or the plugin starts; registers actions, routes and handlers.
    virtual void start(PluginContext&) {}
    // Before the plugin's registrations are withdrawn; must not throw.
    virtual void stop() noexcept {}
};

// What a plugin library exports, plain data so that the loader can check it by reading it,
// without running plugin code. sdk_abi stays the first member in every SDK version: a loader
// reads it first and reads nothing else from a descriptor of another ABI.
struct PluginDescriptor {
    int sdk_abi;
    const char* id;
    const char* version;
    const char* manifest;  // the plugin.yaml the library was built with
    std::unique_ptr<Plugin> (*create)();
};

}  // namespace rapport::sdk

// Exports the descriptor of a plugin library under the fixed name rapport_plugin_descriptor.
// Use it once per library, at namespace scope; the strings must be constant expressions, e.g.
//     RAPPORT_PLUGIN(SalesPlugin, "sales", "1.0.0", sales_manifest_yaml)
// The descriptor is constant-initialised (constexpr), so fetching it runs no plugin code beyond
// the accessor; the sdk_abi it carries is the one of the headers the plugin was compiled with.
#define RAPPORT_PLUGIN(PluginClass, id, version, manifest_text)              \
    static_assert(std::is_base_of_v<::rapport::sdk::Plugin, PluginClass>,    \
                  "RAPPORT_PLUGIN: " #PluginClass                            \
                  " must derive publicly from rapport::sdk::Plugin");        \
    static_assert(std::is_default_constructible_v<PluginClass>,              \
                  "RAPPORT_PLUGIN: " #PluginClass                            \
                  " needs a default constructor; do the set-up in start()"); \
    namespace rapport_plugin_entry {                                         \
    const ::rapport::sdk::PluginDescriptor& descriptor() {                   \
        static constexpr ::rapport::sdk::PluginDescriptor instance{          \
            ::rapport::sdk::sdk_abi, id, version, manifest_text,             \
            +[]() -> std::unique_ptr<::rapport::sdk::Plugin> {               \
                return std::make_unique<PluginClass>();                      \
            }};                                                              \
        return instance;                                                     \
    }                                                                        \
    }                                                                        \
    BOOST_DLL_ALIAS(rapport_plugin_entry::descriptor, rapport_plugin_descriptor)
