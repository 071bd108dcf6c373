// Loads a plugin's shared library and checks the descriptor it exports against the manifest
// of its package: sdk_abi, id, version and manifest text, each refusal naming both sides.
#pragma once

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string_view>

namespace rapport::sdk {
struct PluginDescriptor;
}

namespace rapport::plugins {

// A library that cannot be used; what() is the message shown to the admin.
class PluginLoadError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

struct LoadedPlugin {
    // Keeps the .so mapped. Every registration (route, action, hook, the Plugin object's
    // owner) holds a copy, because code and vtables from the library run as long as any of
    // them lives; the library is unmapped only when the last copy goes.
    std::shared_ptr<void> library;
    // Points into the library: valid only while `library` (or a copy) lives.
    const sdk::PluginDescriptor* descriptor = nullptr;
};

// Loads so_path with RTLD_NOW | RTLD_LOCAL and checks its descriptor against the expected
// manifest; throws PluginLoadError on any mismatch, leaving nothing loaded.
// so_path must be a path no library was loaded from before in this process: dlopen of a path
// already loaded hands back the old library, whatever the file holds now. The installer
// therefore extracts every install into a fresh directory.
// Loading runs the library's static initialisers; nothing else of the plugin runs here.
LoadedPlugin load_plugin_library(const std::filesystem::path& so_path, std::string_view expected_id,
                                 std::string_view expected_version,
                                 std::string_view expected_manifest);

}  // namespace rapport::plugins
