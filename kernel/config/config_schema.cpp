#include "config/config_schema.hpp"

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <limits>

namespace rapport::config {
namespace {

namespace fs = std::filesystem;
using Problem = std::optional<std::string>;

std::string scalar_text(const YAML::Node& node) {
    return node.IsScalar() ? "\"" + node.Scalar() + "\""
                           : "a " + std::string(node.IsMap() ? "mapping" : "list");
}

template <typename Integer>
std::optional<Integer> parse_integer(const YAML::Node& node, Integer min, Integer max) {
    if (!node.IsScalar()) {
        return std::nullopt;
    }
    const std::string& text = node.Scalar();
    long long value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size() ||
        value < static_cast<long long>(min) || value > static_cast<long long>(max)) {
        return std::nullopt;
    }
    return static_cast<Integer>(value);
}

template <typename Integer, typename Field>
auto integer(Integer min, Integer max, Field field) {
    return [=](const YAML::Node& node, Config& config, const fs::path&) -> Problem {
        const auto value = parse_integer<Integer>(node, min, max);
        if (!value) {
            return fmt::format("expected an integer from {} to {}, got {}", min, max,
                               scalar_text(node));
        }
        field(config) = *value;
        return std::nullopt;
    };
}

template <typename Field>
auto seconds(long long max, Field field) {
    return [=](const YAML::Node& node, Config& config, const fs::path&) -> Problem {
        const auto value = parse_integer<long long>(node, 1, max);
        if (!value) {
            return fmt::format("expected a number of seconds from 1 to {}, got {}", max,
                               scalar_text(node));
        }
        field(config) = std::chrono::seconds(*value);
        return std::nullopt;
    };
}

// "10MiB", "512KiB", "1GiB" or a plain number of bytes.
std::optional<std::size_t> parse_size(const std::string& text) {
    constexpr std::array<std::pair<std::string_view, std::size_t>, 4> units{
        {{"GiB", 1ull << 30}, {"MiB", 1ull << 20}, {"KiB", 1ull << 10}, {"B", 1}}};
    std::size_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end == text.data()) {
        return std::nullopt;
    }
    const std::string_view unit(end, static_cast<std::size_t>(text.data() + text.size() - end));
    if (unit.empty()) {
        return value;
    }
    for (const auto& [name, factor] : units) {
        if (unit == name && value <= std::numeric_limits<std::size_t>::max() / factor) {
            return value * factor;
        }
    }
    return std::nullopt;
}

template <typename Field>
auto size(Field field) {
    return [=](const YAML::Node& node, Config& config, const fs::path&) -> Problem {
        const auto value = node.IsScalar() ? parse_size(node.Scalar()) : std::nullopt;
        if (!value || *value == 0) {
            return fmt::format("expected a size such as 10MiB, 512KiB or a number of bytes, got {}",
                               scalar_text(node));
        }
        field(config) = *value;
        return std::nullopt;
    };
}

template <typename Field>
auto text(Field field) {
    return [=](const YAML::Node& node, Config& config, const fs::path&) -> Problem {
        if (!node.IsScalar()) {
            return fmt::format("expected text, got {}", scalar_text(node));
        }
        field(config) = node.Scalar();
        return std::nullopt;
    };
}

template <typename Field>
auto path(Field field) {
    return [=](const YAML::Node& node, Config& config, const fs::path& base_dir) -> Problem {
        if (!node.IsScalar() || node.Scalar().empty()) {
            return fmt::format("expected a path, got {}", scalar_text(node));
        }
        const fs::path value = node.Scalar();
        field(config) = value.is_absolute() ? value : base_dir / value;
        return std::nullopt;
    };
}

template <typename Field>
auto text_list(Field field) {
    return [=](const YAML::Node& node, Config& config, const fs::path&) -> Problem {
        if (!node.IsSequence()) {
            return fmt::format("expected a list, got {}", scalar_text(node));
        }
        std::vector<std::string> values;
        for (const auto& item : node) {
            if (!item.IsScalar() || item.Scalar().empty()) {
                return std::string("expected a list of non-empty strings");
            }
            values.push_back(item.Scalar());
        }
        field(config) = std::move(values);
        return std::nullopt;
    };
}

std::string show_list(const std::vector<std::string>& values) {
    std::string text = "[";
    for (const auto& value : values) {
        text += (text.size() > 1 ? ", " : "") + value;
    }
    return text + "]";
}

template <typename Field>
auto boolean(Field field) {
    return [=](const YAML::Node& node, Config& config, const fs::path&) -> Problem {
        const std::string value = node.IsScalar() ? node.Scalar() : "";
        if (value != "true" && value != "false") {
            return fmt::format("expected true or false, got {}", scalar_text(node));
        }
        field(config) = value == "true";
        return std::nullopt;
    };
}

Problem apply_log_level(const YAML::Node& node, Config& config, const fs::path&) {
    if (!node.IsScalar()) {
        return fmt::format("expected a log level, got {}", scalar_text(node));
    }
    if (auto problem = check_log_level(node.Scalar())) {
        return problem;
    }
    config.log.level = node.Scalar();
    return std::nullopt;
}

Problem apply_log_format(const YAML::Node& node, Config& config, const fs::path&) {
    const auto format = node.IsScalar() ? parse_log_format(node.Scalar()) : std::nullopt;
    if (!format) {
        return fmt::format("expected text or json, got {}", scalar_text(node));
    }
    config.log.format = *format;
    return std::nullopt;
}

std::string show_path(const fs::path& path, std::string_view when_empty) {
    return path.empty() ? std::string(when_empty) : path.string();
}

}  // namespace

std::optional<std::string> check_log_level(std::string_view level) {
    constexpr std::array<std::string_view, 7> levels{"trace", "debug",    "info", "warn",
                                                     "error", "critical", "off"};
    for (const auto candidate : levels) {
        if (candidate == level) {
            return std::nullopt;
        }
    }
    return fmt::format("expected one of trace, debug, info, warn, error, critical, off, got \"{}\"",
                       level);
}

std::optional<logging::LogFormat> parse_log_format(std::string_view format) {
    if (format == "text") {
        return logging::LogFormat::text;
    }
    if (format == "json") {
        return logging::LogFormat::json;
    }
    return std::nullopt;
}

std::span<const Setting> settings() {
    using C = Config;
    static const std::array<Setting, 29> all{{
        {"data_dir", "directory for the SQLite database and installed plugins",
         path([](C & c) -> auto& { return c.data_dir; }),
         [](const C& c) { return c.data_dir.string(); }},
        {"server.host", "address to listen on", text([](C & c) -> auto& { return c.server.host; }),
         [](const C& c) { return c.server.host; }},
        {"server.port", "TCP port to listen on",
         integer<std::uint16_t>(
             1, 65535, [](C & c) -> auto& { return c.server.port; }),
         [](const C& c) { return std::to_string(c.server.port); }},
        {"server.io_threads", "HTTP I/O threads; 0 means one per core",
         integer<unsigned>(
             0, 256, [](C & c) -> auto& { return c.server.io_threads; }),
         [](const C& c) { return std::to_string(c.server.io_threads); }},
        {"server.worker_threads", "threads for blocking work; 0 means two per core, at least 4",
         integer<unsigned>(
             0, 1024, [](C & c) -> auto& { return c.server.worker_threads; }),
         [](const C& c) { return std::to_string(c.server.worker_threads); }},
        {"server.max_body_size", "largest request body accepted (413 beyond)",
         size([](C & c) -> auto& { return c.server.max_body_bytes; }),
         [](const C& c) { return std::to_string(c.server.max_body_bytes) + "B"; }},
        {"server.max_import_size", "largest CSV body accepted by an import",
         size([](C & c) -> auto& { return c.server.max_import_bytes; }),
         [](const C& c) { return std::to_string(c.server.max_import_bytes) + "B"; }},
        {"server.header_timeout_seconds",
         "time allowed for a request's headers, idle keep-alive included",
         seconds(
             3600, [](C & c) -> auto& { return c.server.header_timeout; }),
         [](const C& c) { return std::to_string(c.server.header_timeout.count()); }},
        {"server.body_timeout_seconds",
         "time allowed to receive a request body and send a response",
         seconds(
             3600, [](C & c) -> auto& { return c.server.body_timeout; }),
         [](const C& c) { return std::to_string(c.server.body_timeout.count()); }},
        {"server.shutdown_timeout_seconds", "time in-flight requests get to finish on SIGTERM",
         seconds(
             3600, [](C & c) -> auto& { return c.server.shutdown_timeout; }),
         [](const C& c) { return std::to_string(c.server.shutdown_timeout.count()); }},
        {"server.web_root", "directory of the built web UI",
         path([](C & c) -> auto& { return c.server.web_root; }),
         [](const C& c) {
             return show_path(c.server.web_root, "<binary dir>/../share/rapport/webui");
         }},
        {"database.url", "sqlite:PATH or postgresql://user@host/db",
         text([](C & c) -> auto& { return c.database.url; }),
         [](const C& c) {
             return c.database.url.empty() ? "sqlite:<data_dir>/rapport.db" : c.database.url;
         }},
        {"database.pool_size", "database connections; 0 means one per worker thread",
         integer<unsigned>(
             0, 1024, [](C & c) -> auto& { return c.database.pool_size; }),
         [](const C& c) { return std::to_string(c.database.pool_size); }},
        {"database.busy_timeout_ms", "how long an SQLite writer waits for the write lock",
         integer<unsigned>(
             0, 600000, [](C & c) -> auto& { return c.database.busy_timeout_ms; }),
         [](const C& c) { return std::to_string(c.database.busy_timeout_ms); }},
        {"auth.session_lifetime_seconds", "how long a browser session lasts after sign-in",
         seconds(
             30 * 24 * 3600, [](C & c) -> auto& { return c.auth.session_lifetime; }),
         [](const C& c) { return std::to_string(c.auth.session_lifetime.count()); }},
        {"auth.token_lifetime_seconds", "how long a bearer token from /api/v1/auth/login lasts",
         seconds(
             366 * 24 * 3600, [](C & c) -> auto& { return c.auth.token_lifetime; }),
         [](const C& c) { return std::to_string(c.auth.token_lifetime.count()); }},
        {"jobs.workers", "threads running queued jobs (webhook deliveries, reminders)",
         integer<unsigned>(
             1, 64, [](C & c) -> auto& { return c.jobs.workers; }),
         [](const C& c) { return std::to_string(c.jobs.workers); }},
        {"jobs.keep_done_days", "days a finished job is kept before it is deleted; 0 keeps them",
         integer<unsigned>(
             0, 3650, [](C & c) -> auto& { return c.jobs.keep_done_days; }),
         [](const C& c) { return std::to_string(c.jobs.keep_done_days); }},
        {"jobs.lease_seconds",
         "how long after its server dies a running job (a webhook delivery in flight) is taken "
         "up again",
         seconds(
             3600, [](C & c) -> auto& { return c.jobs.lease; }),
         [](const C& c) { return std::to_string(c.jobs.lease.count()); }},
        {"webhooks.timeout_seconds", "time a webhook receiver gets to answer one delivery",
         seconds(
             300, [](C & c) -> auto& { return c.webhooks.timeout; }),
         [](const C& c) { return std::to_string(c.webhooks.timeout.count()); }},
        {"webhooks.max_attempts", "delivery attempts before a delivery is dead-lettered",
         integer<unsigned>(
             1, 100, [](C & c) -> auto& { return c.webhooks.max_attempts; }),
         [](const C& c) { return std::to_string(c.webhooks.max_attempts); }},
        {"webhooks.allow_private_addresses",
         "deliver to loopback and private addresses (false keeps webhooks on public hosts)",
         boolean([](C & c) -> auto& { return c.webhooks.allow_private_addresses; }),
         [](const C& c) {
             return std::string(c.webhooks.allow_private_addresses ? "true" : "false");
         }},
        {"plugins.trusted_keys",
         "public keys (base64 Ed25519) whose signed plugin packages install",
         text_list([](C & c) -> auto& { return c.plugins.trusted_keys; }),
         [](const C& c) { return show_list(c.plugins.trusted_keys); }},
        {"plugins.allow_unsigned", "install unsigned plugin packages (plugin development only)",
         boolean([](C & c) -> auto& { return c.plugins.allow_unsigned; }),
         [](const C& c) { return std::string(c.plugins.allow_unsigned ? "true" : "false"); }},
        {"plugins.bundled_dir", "directory of the bundled plugin packages (and their *.pub key)",
         path([](C & c) -> auto& { return c.plugins.bundled_dir; }),
         [](const C& c) {
             return show_path(c.plugins.bundled_dir, "<binary dir>/../share/rapport/plugins");
         }},
        {"plugins.install", "plugins installed on the first start of an empty database",
         text_list([](C & c) -> auto& { return c.plugins.install; }),
         [](const C& c) { return show_list(c.plugins.install); }},
        {"log.level", "trace, debug, info, warn, error, critical or off", apply_log_level,
         [](const C& c) { return c.log.level; }},
        {"log.format", "text (human-readable) or json (one object per line)", apply_log_format,
         [](const C& c) {
             return std::string(c.log.format == logging::LogFormat::json ? "json" : "text");
         }},
        {"log.access_log", "one log line per HTTP request",
         boolean([](C & c) -> auto& { return c.log.access_log; }),
         [](const C& c) { return std::string(c.log.access_log ? "true" : "false"); }},
    }};
    return all;
}

}  // namespace rapport::config
