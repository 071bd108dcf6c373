// rapportd: the Rapport server.
#include "app/application.hpp"
#include "app/version.hpp"
#include "config/config_error.hpp"
#include "config/config_loader.hpp"
#include "db/database_error.hpp"
#include "db/database_url.hpp"
#include "http/server.hpp"
#include "logging/logging.hpp"
#include "rapportd/exit_codes.hpp"
#include "runtime/termination_signal.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <iostream>

namespace {

namespace fs = std::filesystem;
using namespace rapport;
using namespace rapport::rapportd;

struct CommandLine {
    std::optional<std::string> config_file;
    config::Overrides overrides;
};

std::string help_footer() {
    return "\nPrecedence: flags > environment > configuration file > defaults.\n"
           "\nEnvironment:\n"
           "  RAPPORT_CONFIG, RAPPORT_PORT, RAPPORT_DATA_DIR, RAPPORT_DB, RAPPORT_LOG_LEVEL,\n"
           "  RAPPORT_LOG_FORMAT       the same as the flags above\n"
           "  RAPPORT_ADMIN_PASSWORD   password of the first admin (login 'admin') on an empty "
           "database\n"
           "\nConfiguration file settings (YAML; relative paths are relative to the file):\n" +
           config::describe_settings() +
           "\nExit codes:\n"
           "  0  stopped by SIGTERM or SIGINT after a graceful shutdown\n"
           "  1  unexpected error (see the log)\n"
           "  2  invalid command line, environment or configuration file\n"
           "  3  the database cannot be opened or migrated\n"
           "  4  the address cannot be bound\n"
           "  5  the data directory cannot be created\n";
}

void define_options(CLI::App& cli, CommandLine& line) {
    auto& o = line.overrides;
    cli.add_option("--config", line.config_file, "YAML configuration file")
        ->envname("RAPPORT_CONFIG");
    cli.add_option("--port", o.port, "TCP port to listen on")
        ->envname("RAPPORT_PORT")
        ->check(CLI::Range(1, 65535));
    cli.add_option("--data-dir", o.data_dir, "directory for the database and plugins")
        ->envname("RAPPORT_DATA_DIR");
    cli.add_option("--db", o.database_url,
                   "sqlite:PATH (default sqlite:<data-dir>/rapport.db) or postgresql://...")
        ->envname("RAPPORT_DB");
    cli.add_option("--log-level", o.log_level, "trace, debug, info, warn, error, critical, off")
        ->envname("RAPPORT_LOG_LEVEL");
    cli.add_option("--log-format", o.log_format, "text or json")->envname("RAPPORT_LOG_FORMAT");
    cli.set_version_flag("--version", rapport::app::version);
    cli.footer(help_footer());
}

// <prefix>/share/rapport/<name>, the prefix being the one rapportd runs from.
fs::path default_share_dir(std::string_view name) {
    std::error_code error;
    const fs::path executable = fs::canonical("/proc/self/exe", error);
    return error ? fs::path("share/rapport") / name
                 : executable.parent_path().parent_path() / "share" / "rapport" / name;
}

int serve(config::Config config) {
    std::error_code error;
    fs::create_directories(config.data_dir, error);
    if (error) {
        spdlog::critical("cannot create data directory {}: {}", config.data_dir.string(),
                         error.message());
        return exit_data_dir;
    }
    if (config.server.web_root.empty()) {
        config.server.web_root = default_share_dir("webui");
    }
    if (config.plugins.bundled_dir.empty()) {
        config.plugins.bundled_dir = default_share_dir("plugins");
    }
    if (!fs::is_regular_file(config.server.web_root / "index.html", error)) {
        spdlog::warn("no web UI at {}; serving the API only", config.server.web_root.string());
    }
    runtime::block_termination_signals();
    try {
        app::Application application(config);
        application.start();
        spdlog::info("Rapport {} serving http://{}:{} (database {}, {} I/O threads, {} workers)",
                     app::version, config.server.host, application.port(),
                     db::redact_database_url(config.database_url()), config.io_threads(),
                     config.worker_threads());
        const int signal_number = runtime::wait_for_termination_signal();
        spdlog::info("received {}, shutting down", signal_number == SIGINT ? "SIGINT" : "SIGTERM");
        application.stop();
        spdlog::info("stopped");
        return exit_ok;
    } catch (const db::DatabaseError& failure) {
        spdlog::critical("{}", failure.what());
        return exit_database;
    } catch (const http::ListenError& failure) {
        spdlog::critical("{}", failure.what());
        return exit_listen;
    }
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App cli{"rapportd - the Rapport CRM server"};
    CommandLine line;
    define_options(cli, line);
    try {
        cli.parse(argc, argv);
    } catch (const CLI::ParseError& failure) {
        const int code = cli.exit(failure);
        return code == 0 ? exit_ok : exit_bad_config;
    }
    try {
        auto config = config::load_config(line.config_file, line.overrides);
        if (const char* password = std::getenv("RAPPORT_ADMIN_PASSWORD")) {
            config.auth.admin_password = password;
        }
        logging::configure_logging({config.log.level, config.log.format});
        return serve(std::move(config));
    } catch (const config::ConfigError& failure) {
        std::cerr << "rapportd: " << failure.what() << '\n';
        return exit_bad_config;
    } catch (const std::exception& failure) {
        spdlog::critical("unexpected error: {}", failure.what());
        return exit_unexpected;
    }
}
