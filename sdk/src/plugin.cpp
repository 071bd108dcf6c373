#include <rapport/sdk/plugin.hpp>
#include <rapport/sdk/plugin_context.hpp>

namespace rapport::sdk {

// The key functions of Plugin and PluginContext: defining them here keeps their vtables and
// type_info in librapport_sdk, shared by the kernel and every plugin.
Plugin::~Plugin() = default;
PluginContext::~PluginContext() = default;
ApiRequest::~ApiRequest() = default;

}  // namespace rapport::sdk
