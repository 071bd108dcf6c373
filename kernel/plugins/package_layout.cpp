#include "plugins/package_layout.hpp"

#include "plugins/package_error.hpp"

#include <algorithm>
#include <cstdio>

namespace rapport::plugins {
namespace {

// Well inside PATH_MAX and NAME_MAX once the extraction directory is prefixed, so a hostile
// name is refused with a clear message instead of failing in the file system.
constexpr std::size_t max_path_bytes = 1024;
constexpr std::size_t max_component_bytes = 255;

bool is_control(char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte < 0x20 || byte == 0x7f;
}

[[noreturn]] void refuse(std::string_view raw_path, std::string_view problem) {
    throw PackageError("the package member " + quoted_member(raw_path) + " " +
                       std::string(problem));
}

}  // namespace

std::string quoted_member(std::string_view raw_path) {
    std::string quoted = "\"";
    for (const char c : raw_path) {
        if (is_control(c)) {
            char escaped[8];
            std::snprintf(escaped, sizeof escaped, "\\x%02x", static_cast<unsigned char>(c));
            quoted += escaped;
        } else if (c == '"' || c == '\\') {
            quoted += '\\';
            quoted += c;
        } else {
            quoted += c;
        }
    }
    quoted += '"';
    return quoted;
}

std::string normalize_member_path(std::string_view raw_path) {
    if (raw_path.empty()) {
        throw PackageError("the package has a member with an empty path");
    }
    if (raw_path.front() == '/') {
        refuse(raw_path, "has an absolute path");
    }
    if (raw_path.size() > max_path_bytes) {
        refuse(raw_path, "has a path longer than " + std::to_string(max_path_bytes) + " bytes");
    }
    if (std::any_of(raw_path.begin(), raw_path.end(), is_control)) {
        refuse(raw_path, "has a control character in its path");
    }
    std::string_view rest = raw_path;
    if (rest.back() == '/') {
        rest.remove_suffix(1);  // a directory, as tar writes them
    }
    std::string normalized;
    while (true) {
        const std::size_t slash = rest.find('/');
        const std::string_view component = rest.substr(0, slash);
        if (component.empty()) {
            refuse(raw_path, "has an empty path component");
        }
        if (component == "..") {
            refuse(raw_path, "has a \"..\" component, which would leave the package directory");
        }
        if (component.size() > max_component_bytes) {
            refuse(raw_path, "has a path component longer than " +
                                 std::to_string(max_component_bytes) + " bytes");
        }
        // "./plugin.yaml" is what `tar -C dir .` writes; it names the same file as "plugin.yaml".
        if (component != ".") {
            if (!normalized.empty()) {
                normalized += '/';
            }
            normalized += component;
        }
        if (slash == std::string_view::npos) {
            break;
        }
        rest.remove_prefix(slash + 1);
    }
    return normalized;  // empty for "." itself, the archive's root
}

bool is_plugin_library(std::string_view member_path) noexcept {
    constexpr std::string_view prefix = "lib/";
    constexpr std::string_view suffix = ".so";
    if (member_path.size() <= prefix.size() + suffix.size() || !member_path.starts_with(prefix) ||
        !member_path.ends_with(suffix)) {
        return false;
    }
    return member_path.find('/', prefix.size()) == std::string_view::npos;
}

void check_required_members(const std::vector<PackageMember>& members) {
    const bool has_manifest = std::any_of(members.begin(), members.end(), [](const auto& member) {
        return member.path == manifest_member;
    });
    if (!has_manifest) {
        throw PackageError("the package has no plugin.yaml at its top level");
    }
    std::vector<std::string> libraries;
    for (const PackageMember& member : members) {
        if (is_plugin_library(member.path)) {
            libraries.push_back(member.path);
        }
    }
    if (libraries.empty()) {
        throw PackageError("the package has no shared library (expected lib/lib<id>.so)");
    }
    if (libraries.size() > 1) {
        std::sort(libraries.begin(), libraries.end());
        std::string list;
        for (const std::string& library : libraries) {
            list += (list.empty() ? "" : ", ") + library;
        }
        throw PackageError("the package has more than one shared library in lib/ (" + list +
                           "); it must hold exactly one, lib/lib<id>.so");
    }
}

}  // namespace rapport::plugins
