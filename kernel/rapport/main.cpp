// rapport: the administrator's command line. Offline, on files: keys and plugin packages.
// Against a running server (--url and --token, or RAPPORT_URL and RAPPORT_TOKEN: an admin's
// bearer token from POST /api/v1/auth/login): the plugins' list and lifecycle, users, and the
// demo data.
#include "client/server_client.hpp"
#include "demo/demo_loader.hpp"
#include "plugins/package_error.hpp"
#include "plugins/package_reader.hpp"
#include "plugins/package_signature.hpp"
#include "plugins/package_writer.hpp"
#include "rapport/server_requests.hpp"

#include <CLI/CLI.hpp>
#include <boost/json.hpp>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <system_error>
#include <unistd.h>
#include <vector>

namespace {

namespace fs = std::filesystem;
using namespace rapport;

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
    std::string key = plugins::read_file_bytes(path);
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
    const auto extracted =
        plugins::extract_package(plugins::read_file_bytes(package), scratch.path() / "files");
    pack(extracted.directory, package, key);
}

using cli::answer;

void print_plugin(const boost::json::value& plugin) {
    const auto& object = plugin.as_object();
    std::cout << std::string(object.at("id").as_string()) << ' '
              << std::string(object.at("version").as_string()) << ' '
              << std::string(object.at("state").as_string());
    if (object.at("error").is_string()) {
        std::cout << " (" << std::string(object.at("error").as_string()) << ')';
    }
    std::cout << '\n';
}

void list_plugins(const client::ServerClient& server) {
    const auto plugins = answer(server.request("GET", "/api/v1/admin/plugins"));
    for (const auto& plugin : plugins.as_array()) {
        print_plugin(plugin);
    }
}

// `what` is a plugin id, or an .rpk file that is uploaded first.
void plugin_action(const client::ServerClient& server, const std::string& action,
                   const std::string& what, bool drop_data) {
    std::string id = what;
    if (action == "install" && what.ends_with(".rpk")) {
        const auto uploaded =
            answer(server.request("POST", "/api/v1/admin/plugins", plugins::read_file_bytes(what),
                                  "application/octet-stream"));
        id = std::string(uploaded.at("id").as_string());
    }
    const std::string body =
        action == "uninstall"
            ? std::string(drop_data ? R"({"drop_data": true})" : R"({"drop_data": false})")
            : std::string();
    const auto plugin = answer(server.request("POST", "/api/v1/admin/plugins/" + id + "/" + action,
                                              body, body.empty() ? "" : "application/json"));
    print_plugin(plugin);
    if (const auto* also = plugin.as_object().if_contains("also_installed")) {
        for (const auto& dependency : also->as_array()) {
            std::cout << "also installed " << std::string(dependency.as_string()) << '\n';
        }
    }
}

// The password, from the first line of standard input: never on the command line, where other
// users of the machine could read it.
std::string password_from_stdin() {
    std::string password;
    std::getline(std::cin, password);
    if (!password.empty() && password.back() == '\r') {
        password.pop_back();
    }
    if (password.empty()) {
        throw std::runtime_error(
            "give the password on standard input, e.g. "
            "`read -rs PW && printf '%s\\n' \"$PW\" | rapport user ...`");
    }
    return password;
}

struct NewUser {
    std::string login;
    std::string name;
    std::string email;
    std::vector<std::string> roles;
    std::optional<std::int64_t> team_id;
};

void add_user(const client::ServerClient& server, const NewUser& user) {
    boost::json::object body{{"login", user.login},
                             {"name", user.name.empty() ? user.login : user.name},
                             {"password", password_from_stdin()}};
    boost::json::array roles;
    for (const auto& role : user.roles) {
        roles.emplace_back(role);
    }
    body["roles"] = std::move(roles);
    if (!user.email.empty()) {
        body["email"] = user.email;
    }
    if (user.team_id) {
        body["team_id"] = *user.team_id;
    }
    const auto created = answer(server.request("POST", "/api/v1/records/user",
                                               boost::json::serialize(body), "application/json"));
    std::cout << "created user " << user.login << " (id " << created.at("id").as_int64() << ")\n";
}

void change_password(const client::ServerClient& server, const std::string& login) {
    const auto found = answer(
        server.request("GET", "/api/v1/records/user?select=id&count=none&login=eq." + login));
    const auto& items = found.at("items").as_array();
    if (items.empty()) {
        throw std::runtime_error("no user with the login " + login);
    }
    const auto id = std::to_string(items.front().at("id").as_int64());
    answer(server.request(
        "PATCH", "/api/v1/records/user/" + id,
        boost::json::serialize(boost::json::object{{"password", password_from_stdin()}}),
        "application/json"));
    std::cout << "changed the password of " << login << "; their sessions have ended\n";
}

struct DemoLoad {
    bool force = false;
    std::string login;  // sign in as this admin instead of using a token
};

void load_demo(const std::string& url, std::string token, const DemoLoad& command) {
    const bool own_session = !command.login.empty();
    if (own_session) {
        token = cli::sign_in(url, command.login, password_from_stdin());
    } else if (token.empty()) {
        throw std::runtime_error(
            "give an admin's bearer token (--token or RAPPORT_TOKEN) or --login");
    }
    const auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
    demo::load_demo(demo::demo_company(), today, {url, token, command.force}, std::cout);
    if (own_session) {
        cli::sign_out(url, token);
    }
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

    auto* plugin = cli.add_subcommand("plugin", "plugin packages, and plugins on a server");
    plugin->require_subcommand(1);
    plugin->fallthrough();  // --url and --token may follow the command: plugin list --url ...
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

    auto* user = cli.add_subcommand("user", "users of a server");
    user->require_subcommand(1);
    user->fallthrough();
    auto* demo = cli.add_subcommand("demo", "demo data on a server");
    demo->require_subcommand(1);
    demo->fallthrough();
    DemoLoad demo_command;
    auto* demo_load = demo->add_subcommand(
        "load",
        "fill an empty database with the demo company PT. KBE: teams, salespeople, customers "
        "and a year of trading (installs the plugins it needs)");
    demo_load->add_flag("--force", demo_command.force,
                        "load even into a database that holds customer records or the demo");
    demo_load->add_option("--login", demo_command.login,
                          "sign in as this admin, the password read from standard input, "
                          "instead of --token");

    std::string url = "http://127.0.0.1:8080";
    std::string token;
    for (auto* command : {plugin, user, demo}) {
        command->add_option("--url", url, "the server (http://host:port)")->envname("RAPPORT_URL");
        command->add_option("--token", token, "an admin's bearer token")->envname("RAPPORT_TOKEN");
    }
    NewUser new_user;
    auto* user_add =
        user->add_subcommand("add", "create a user; the password is read from standard input");
    user_add->add_option("login", new_user.login, "the login")->required();
    user_add->add_option("--name", new_user.name, "the full name (default: the login)");
    user_add->add_option("--email", new_user.email, "the email address");
    user_add->add_option("--role", new_user.roles, "a role (repeat for several)");
    user_add->add_option("--team-id", new_user.team_id, "the id of the user's team");
    std::string passwd_login;
    auto* user_passwd = user->add_subcommand(
        "passwd", "set a user's password from standard input; ends their sessions");
    user_passwd->add_option("login", passwd_login, "the login")->required();
    auto* list_command = plugin->add_subcommand("list", "the server's plugins and their states");
    std::string target;
    bool drop = false;
    std::vector<std::pair<std::string, CLI::App*>> actions;
    for (const auto* action : {"install", "uninstall", "enable", "disable"}) {
        auto* command = plugin->add_subcommand(action, std::string(action) + " a plugin");
        command
            ->add_option(
                "plugin", target,
                std::string(action) == "install" ? "its id, or an .rpk to upload" : "its id")
            ->required();
        if (std::string(action) == "uninstall") {
            command->add_flag("--drop-data", drop, "also drop the plugin's tables");
        }
        actions.emplace_back(action, command);
    }

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
        } else if (*demo_load) {
            load_demo(url, token, demo_command);
        } else {
            if (token.empty()) {
                throw std::runtime_error("give an admin's bearer token: --token or RAPPORT_TOKEN");
            }
            const client::ServerClient server(url, token);
            if (*user_add) {
                add_user(server, new_user);
            } else if (*user_passwd) {
                change_password(server, passwd_login);
            }
            if (*list_command) {
                list_plugins(server);
            }
            for (const auto& [action, command] : actions) {
                if (*command) {
                    plugin_action(server, action, target, drop);
                }
            }
        }
        return 0;
    } catch (const std::exception& failure) {
        std::cerr << "rapport: " << failure.what() << '\n';
        return 1;
    }
}
