// A plugin as an SDK of another ABI would build it, for plugin_library_test: the descriptor is
// written by hand so that it can carry sdk_abi 999.
#include <rapport/sdk/plugin.hpp>

namespace {

const rapport::sdk::PluginDescriptor& descriptor() {
    static constexpr rapport::sdk::PluginDescriptor instance{
        999, "wrong_abi", "1.0.0", "id: wrong_abi\n",
        +[]() -> std::unique_ptr<rapport::sdk::Plugin> { return nullptr; }};
    return instance;
}

}  // namespace

BOOST_DLL_ALIAS(descriptor, rapport_plugin_descriptor)
