// rapport: the administrator's command line. This first part works offline, on files: keys
// and plugin packages. Commands against a running server come with the plugin admin API.
#include "plugins/package_error.hpp"
#include "plugins/package_reader.hpp"
#include "plugins/package_signature.hpp"
#include "plugins/package_writer.hpp"

#include <CLI/CLI.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <system_error>
#include <unistd.h>

namespace {

namespace fs = std::filesystem;
using namespace rapport;

std::string read_file(const fs::path& path) {
    std::ifstream file(path, std::ios::binary);
    if (!file) {
        throw std::runtime_error("cannot read " + path.string());
    }
    std::ostringstream bytes;
    bytes << file.rdbuf();
    return bytes.str();
}

void write_file(const fs::path& path, std::string_view bytes, fs::perms permissions) {
    {
        std::ofstream file(path, std::ios::binary | std::ios::trunc);
        if (!file || !file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()))) {
            throw std::runtime_error("cannot write " + path.string());
        }
    }
    fs::permissions(path, permissions);
}

// The secret key file holds the base64 secret key on its first line.
std::string read_secret_key(const fs::path& path) {
    std::string key = read_file(path);
    key.erase(key.find_last_not_of(" \r\n") + 1);
    return key;
}

// A fresh directory under the system's temporary directory, removed when this goes.
class ScratchDirectory {
  public:
    ScratchDirectory() {
        path_ = fs::temp_directory_path() /
                ("rapport-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    }
    ~ScratchDirectory() {
        std::error_code ignored;
        fs::remove_all(path_, ignored);
    }
    const fs::path& path() const { return path_; }

  private:
    static inline int counter_ = 0;
    fs::path path_;
};

void keygen(const fs::path& secret_key_file) {
    if (fs::exists(secret_key_file)) {
        throw std::runtime_error(secret_key_file.string() + " exists; not overwriting a key");
    }
    const auto keys = plugins::generate_key_pair();
    write_file(secret_key_file, keys.secret_key + "\n",
               fs::perms::owner_read | fs::perms::owner_write);
    std::cout << "secret key written to " << secret_key_file.string() << " (keep it private)\n"
              << "public key, for plugins.trusted_keys:\n  " << keys.public_key << '\n';
}

void pack(const fs::path& source, const fs::path& output, const std::optional<fs::path>& key) {
    const std::optional<std::string> secret =
        key ? std::optional(read_secret_key(*key)) : std::nullopt;
    write_file(output, plugins::pack_package(source, secret),
               fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                   fs::perms::others_read);
    std::cout << "packed " << output.string() << (secret ? " (signed)" : " (unsigned)") << '\n';
}

// Signing re-packs the package's files with a signature over them.
void sign(const fs::path& package, const fs::path& key) {
    ScratchDirectory scratch;
    const auto extracted = plugins::extract_package(read_file(package), scratch.path() / "files");
    pack(extracted.directory, package, key);
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App cli{"rapport - the Rapport administrator's command line"};
    cli.require_subcommand(1);

    fs::path key_file;
    auto* keygen_command =
        cli.add_subcommand("keygen", "create an Ed25519 key pair for signing plugins");
    keygen_command->add_option("secret_key_file", key_file, "where the secret key goes")
        ->required();

    auto* plugin = cli.add_subcommand("plugin", "plugin packages");
    plugin->require_subcommand(1);
    fs::path source;
    fs::path output;
    std::optional<fs::path> pack_key;
    auto* pack_command = plugin->add_subcommand(
        "pack", "pack a directory (plugin.yaml, lib/lib<id>.so, ...) into an .rpk");
    pack_command->add_option("directory", source, "the plugin's files")
        ->required()
        ->check(CLI::ExistingDirectory);
    pack_command->add_option("-o,--output", output, "the .rpk to write")->required();
    pack_command->add_option("--key", pack_key, "secret key file: sign the package")
        ->check(CLI::ExistingFile);
    fs::path package;
    fs::path sign_key;
    auto* sign_command = plugin->add_subcommand("sign", "sign an .rpk in place");
    sign_command->add_option("package", package, "the .rpk")->required()->check(CLI::ExistingFile);
    sign_command->add_option("--key", sign_key, "secret key file")
        ->required()
        ->check(CLI::ExistingFile);

    try {
        cli.parse(argc, argv);
    } catch (const CLI::ParseError& failure) {
        return cli.exit(failure);
    }
    try {
        if (*keygen_command) {
            keygen(key_file);
        } else if (*pack_command) {
            pack(source, output, pack_key);
        } else if (*sign_command) {
            sign(package, sign_key);
        }
        return 0;
    } catch (const std::exception& failure) {
        std::cerr << "rapport: " << failure.what() << '\n';
        return 1;
    }
}
