#include <rapport/sdk/plugin.hpp>

namespace rapport::sdk {

// The key function of Plugin: defining it here keeps Plugin's vtable and type_info in
// librapport_sdk, shared by the kernel and every plugin.
Plugin::~Plugin() = default;

}  // namespace rapport::sdk
