// Everything rapportd can be configured with, after defaults, file, environment and flags
// have been merged (in that order of increasing precedence).
#pragma once

#include "logging/logging.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace rapport::config {

struct ServerConfig {
    std::string host = "127.0.0.1";
    std::uint16_t port = 8080;
    unsigned io_threads = 0;      // 0: one per core
    unsigned worker_threads = 0;  // 0: two per core, at least 4
    std::size_t max_body_bytes = 10 * 1024 * 1024;
    std::size_t max_import_bytes = 512 * 1024 * 1024;
    std::chrono::seconds header_timeout{15};
    std::chrono::seconds body_timeout{60};
    std::chrono::seconds shutdown_timeout{10};
    std::filesystem::path web_root;  // empty: <prefix>/share/rapport/webui beside the binary
};

struct DatabaseConfig {
    std::string url;         // empty: sqlite:<data_dir>/rapport.db
    unsigned pool_size = 0;  // 0: as many as worker threads
    unsigned busy_timeout_ms = 5000;
};

struct LogConfig {
    std::string level = "info";
    logging::LogFormat format = logging::LogFormat::text;
    bool access_log = true;
};

struct AuthConfig {
    std::chrono::seconds session_lifetime{12 * 3600};     // a browser session (cookie)
    std::chrono::seconds token_lifetime{30 * 24 * 3600};  // a bearer token for API clients
    // The first admin's password on an empty database; from RAPPORT_ADMIN_PASSWORD only, never
    // from a file. Empty: a random one is generated and printed once.
    std::string admin_password;
};

struct PluginsConfig {
    std::vector<std::string> trusted_keys;  // base64 Ed25519 public keys
    bool allow_unsigned = false;            // for plugin developers only
    std::filesystem::path bundled_dir;      // empty: <prefix>/share/rapport/plugins
    std::vector<std::string> install;       // installed on the first start of a database
};

struct JobsConfig {
    unsigned workers = 4;         // threads running jobs (webhook deliveries among them)
    unsigned keep_done_days = 7;  // then a finished job is deleted; 0 keeps them all
    // A running job is renewed while its process lives; others take it this long after a
    // crash.
    std::chrono::seconds lease{30};
};

struct WebhooksConfig {
    std::chrono::seconds timeout{10};     // per delivery attempt
    unsigned max_attempts = 10;           // then the delivery is dead-lettered
    bool allow_private_addresses = true;  // loopback and private ranges as targets
};

struct Config {
    std::filesystem::path data_dir = "data";
    ServerConfig server;
    DatabaseConfig database;
    LogConfig log;
    AuthConfig auth;
    PluginsConfig plugins;
    JobsConfig jobs;
    WebhooksConfig webhooks;

    std::string database_url() const;
    unsigned io_threads() const;
    unsigned worker_threads() const;
    unsigned pool_size() const;
};

}  // namespace rapport::config
