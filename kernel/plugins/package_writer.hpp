// Building a plugin package (.rpk) from a plugin's staged files, as `make build` does for the
// bundled plugins and a plugin developer does for their own.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace rapport::plugins {

// A gzip-compressed tar of every regular file under source_directory (paths relative to it),
// with a `signature` member when secret_key_base64 is given. The same files give the same
// bytes: members are sorted and carry no times or owners. Throws PackageError when the source
// lacks plugin.yaml or exactly one lib/*.so, holds a symbolic link or other non-file, or holds
// a file named `signature`.
std::string pack_package(const std::filesystem::path& source_directory,
                         std::optional<std::string_view> secret_key_base64);

}  // namespace rapport::plugins
