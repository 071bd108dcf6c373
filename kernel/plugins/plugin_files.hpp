// The files of the plugin runtime: packages written whole, fresh directories for every load,
// scratch directories that clean up after themselves, and what the bundled directory holds.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace rapport::plugins {

// Writes beside the target, then renames: a reader never sees half a package.
void write_file(const std::filesystem::path& path, std::string_view bytes);

// A directory that does not exist yet under `parent`: `<stem>-<n>`.
std::filesystem::path fresh_directory(const std::filesystem::path& parent, const std::string& stem,
                                      unsigned& counter);

// Removes a directory when it goes out of scope, unless kept.
class DirectoryGuard {
  public:
    explicit DirectoryGuard(std::filesystem::path path) : path_(std::move(path)) {}
    ~DirectoryGuard();
    DirectoryGuard(const DirectoryGuard&) = delete;
    DirectoryGuard& operator=(const DirectoryGuard&) = delete;
    void keep() { kept_ = true; }

  private:
    std::filesystem::path path_;
    bool kept_ = false;
};

// The public keys in the *.pub files of a directory, and its *.rpk packages, sorted.
std::vector<std::string> keys_in(const std::filesystem::path& directory);
std::vector<std::filesystem::path> packages_in(const std::filesystem::path& directory);

}  // namespace rapport::plugins
