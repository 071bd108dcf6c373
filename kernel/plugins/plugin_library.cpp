// Boost.DLL's default path and error types are Boost.Filesystem's, a compiled library we do not
// otherwise link; std::filesystem does the same job here.
#ifndef BOOST_DLL_USE_STD_FS
#define BOOST_DLL_USE_STD_FS
#endif

#include "plugins/plugin_library.hpp"

#include <rapport/sdk/plugin.hpp>

#include <boost/dll/shared_library.hpp>
#include <fmt/format.h>

#include <dlfcn.h>
#include <string>
#include <system_error>
#include <utility>

namespace rapport::plugins {
namespace {

constexpr const char* descriptor_symbol = "rapport_plugin_descriptor";

using DescriptorAccessor = const sdk::PluginDescriptor&();

// dlerror() says "<path>: undefined symbol: ..."; the path is already in our message, a
// dependency's name (e.g. "libfoo.so.1: cannot open shared object file") is not.
std::string dlopen_failure(const std::filesystem::path& so_path, const std::error_code& error) {
    const char* text = dlerror();
    if (text == nullptr) {
        return error.message();
    }
    std::string_view reason = text;
    const std::string prefix = so_path.string() + ": ";
    if (reason.starts_with(prefix)) {
        reason.remove_prefix(prefix.size());
    }
    return std::string(reason);
}

std::shared_ptr<boost::dll::shared_library> open_library(const std::filesystem::path& given_path) {
    const std::string file = given_path.filename().string();
    std::error_code exists_error;
    if (!std::filesystem::is_regular_file(given_path, exists_error)) {
        throw PluginLoadError(
            fmt::format("cannot load {}: there is no file {}", file, given_path.string()));
    }
    // Absolute, so that dlopen never searches the library path and dlerror() names the file
    // exactly as dlopen_failure() expects (Boost.DLL would prefix a bare name with "./").
    const std::filesystem::path so_path = std::filesystem::absolute(given_path);
    // RTLD_NOW reports every undefined symbol here rather than as a crash on first call;
    // RTLD_LOCAL keeps one plugin's symbols from resolving another's.
    constexpr auto mode = boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local;
    std::error_code error;
    auto library = std::make_shared<boost::dll::shared_library>(so_path, error, mode);
    if (error || !library->is_loaded()) {
        // Read dlerror() before anything else can call into libdl and reset it.
        throw PluginLoadError(
            fmt::format("cannot load {}: {}", file, dlopen_failure(so_path, error)));
    }
    return library;
}

void check_descriptor(const sdk::PluginDescriptor& descriptor, const std::string& file,
                      std::string_view expected_id, std::string_view expected_version,
                      std::string_view expected_manifest) {
    // sdk_abi first and alone: the rest of a descriptor from another ABI may be laid out
    // differently, so nothing else is read before this check passes.
    if (descriptor.sdk_abi != sdk::sdk_abi) {
        throw PluginLoadError(fmt::format("{} was built for sdk_abi {}, the server has {}", file,
                                          descriptor.sdk_abi, sdk::sdk_abi));
    }
    if (descriptor.id == nullptr || descriptor.version == nullptr ||
        descriptor.manifest == nullptr || descriptor.create == nullptr) {
        throw PluginLoadError(
            fmt::format("{} exports an incomplete rapport_plugin_descriptor: it was not built with "
                        "RAPPORT_PLUGIN",
                        file));
    }
    if (descriptor.id != expected_id || descriptor.version != expected_version) {
        throw PluginLoadError(fmt::format("{} says {} {}, the manifest says {} {}", file,
                                          descriptor.id, descriptor.version, expected_id,
                                          expected_version));
    }
    if (descriptor.manifest != expected_manifest) {
        throw PluginLoadError(
            fmt::format("the manifest in the package differs from the one built into {}", file));
    }
}

}  // namespace

LoadedPlugin load_plugin_library(const std::filesystem::path& so_path, std::string_view expected_id,
                                 std::string_view expected_version,
                                 std::string_view expected_manifest) {
    const std::string file = so_path.filename().string();
    std::shared_ptr<boost::dll::shared_library> library = open_library(so_path);
    if (!library->has(descriptor_symbol)) {
        throw PluginLoadError(
            fmt::format("{} does not export {}: it was not built with RAPPORT_PLUGIN", file,
                        descriptor_symbol));
    }
    // get_alias rather than import_alias: import_alias(const shared_library&) copies the
    // library, and a copy re-opens it by location() in the default (lazy) mode.
    DescriptorAccessor& accessor = library->get_alias<DescriptorAccessor>(descriptor_symbol);
    const sdk::PluginDescriptor& descriptor = accessor();
    check_descriptor(descriptor, file, expected_id, expected_version, expected_manifest);
    // On any refusal above `library` is the only owner, so the library is closed again.
    return LoadedPlugin{.library = std::move(library), .descriptor = &descriptor};
}

}  // namespace rapport::plugins
