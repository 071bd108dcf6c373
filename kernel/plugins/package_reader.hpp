// Unpacking and checking an uploaded plugin package (.rpk), before any of its code is loaded:
// the archive is untrusted input until its signature has been verified against a trusted key.
#pragma once

#include "plugins/package_layout.hpp"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rapport::plugins {

// Bounds on what a package may unpack to, so a small upload cannot fill the disk.
struct PackageLimits {
    std::uint64_t max_member_bytes = std::uint64_t{256} << 20;
    std::uint64_t max_total_bytes = std::uint64_t{512} << 20;
    std::size_t max_members = 10000;
};

struct ExtractedPackage {
    std::filesystem::path directory;
    std::vector<PackageMember> members;    // sorted by path; every regular file but `signature`
    std::optional<std::string> signature;  // the `signature` member, as stored
    std::string manifest_text;             // plugin.yaml, also extracted into directory
};

// Unpacks a gzip-compressed tar held in memory into directory, which must not exist yet (it is
// created, so a file a loaded plugin may have mapped is never overwritten). Throws PackageError
// naming the member for anything but plain files and directories inside the package, for a
// body that is not a .rpk, and for a package without plugin.yaml or exactly one lib/*.so; throws
// std::filesystem::filesystem_error when directory exists or cannot be written. On any error,
// nothing this call created is left behind.
ExtractedPackage extract_package(std::string_view bytes, const std::filesystem::path& directory,
                                 const PackageLimits& limits = {});

// The bytes of a file (a package, a key file); throws std::runtime_error naming it.
std::string read_file_bytes(const std::filesystem::path& path);

// Throws PackageError unless the package is signed by one of trusted_public_keys (base64) and
// unchanged since, or allow_unsigned is set.
void verify_package(const ExtractedPackage& package,
                    const std::vector<std::string>& trusted_public_keys, bool allow_unsigned);

}  // namespace rapport::plugins
