// Reads rapport.yaml, validates it against the settings schema (every problem at once, each
// with its line) and applies environment and command-line overrides on top.
#pragma once

#include "config/config.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace rapport::config {

// Values given as flags or environment variables; set ones win over the file.
struct Overrides {
    std::optional<std::uint16_t> port;
    std::optional<std::filesystem::path> data_dir;
    std::optional<std::string> database_url;
    std::optional<std::string> log_level;
    std::optional<std::string> log_format;
};

// Throws ConfigError. Relative paths in a file are resolved against the file's directory.
Config load_config(const std::optional<std::filesystem::path>& file, const Overrides& overrides);

// The same for YAML text; `source` names it in messages.
Config parse_config(std::string_view yaml, std::string_view source,
                    const std::filesystem::path& base_dir);

// The settings a file may hold, one per line with its default, for --help.
std::string describe_settings();

}  // namespace rapport::config
