// What a plugin package (.rpk) holds: its member paths, the files it must have, and the rules a
// member path obeys. The reader and the writer share these so they cannot disagree.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace rapport::plugins {

// A regular file of a package, as covered by its signature.
struct PackageMember {
    std::string path;    // relative, '/'-separated, normalised (see normalize_member_path)
    std::string sha256;  // lowercase hex
    std::uint64_t size = 0;
};

inline constexpr std::string_view manifest_member = "plugin.yaml";
inline constexpr std::string_view signature_member = "signature";

// The canonical form of a member path as found in an archive or a source tree: "." components
// and one trailing '/' of a directory dropped. Throws PackageError for a path that is empty,
// absolute, has a ".." or empty component, or holds control characters (a newline would let
// one member pose as two lines of the signed digest list).
std::string normalize_member_path(std::string_view raw_path);

// True for "lib/<name>.so", the plugin's shared library.
bool is_plugin_library(std::string_view member_path) noexcept;

// Throws PackageError unless the members include plugin.yaml and exactly one lib/*.so.
void check_required_members(const std::vector<PackageMember>& members);

// A member path as it appears in messages: quoted, with control characters escaped.
std::string quoted_member(std::string_view raw_path);

}  // namespace rapport::plugins
