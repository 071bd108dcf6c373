// Archives built by hand for the package tests, hostile ones included, and the staged files of
// a small plugin to pack.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace rapport::plugins::testing {

// A tar archive with whatever members a test asks for, however malformed the result.
class TarBuilder {
  public:
    TarBuilder& file(std::string path, std::string content, int mode = 0644);
    TarBuilder& directory(std::string path);
    TarBuilder& symlink(std::string path, std::string target);
    TarBuilder& hardlink(std::string path, std::string target);
    TarBuilder& character_device(std::string path);
    TarBuilder& fifo(std::string path);

    // The archive, gzip-compressed like a .rpk unless gzip is false.
    std::string bytes(bool gzip = true) const;

  private:
    struct Member {
        std::string path;
        unsigned int type;
        int mode;
        std::string content;
        std::string symlink;
        std::string hardlink;
    };
    std::vector<Member> members_;
};

struct TarMember {
    std::string path;
    std::string content;
    int mode = 0;
    long long mtime = 0;
    long long uid = 0;
    long long gid = 0;
};

// bytes, gzip-compressed, with no archive around them.
std::string gzip(std::string_view bytes);

// The regular files of a gzip-compressed tar, in archive order.
std::vector<TarMember> read_tar(std::string_view bytes);

// A TarBuilder holding the members of a minimal valid plugin, "demo".
TarBuilder minimal_plugin_tar();

// Writes a plugin's staged files under directory: plugin.yaml, lib/libdemo.so, and one file
// each in views/, data/ and migrations/.
void write_plugin_source(const std::filesystem::path& directory);

}  // namespace rapport::plugins::testing
