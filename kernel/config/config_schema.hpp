// The schema of rapport.yaml: every setting with its type, range, default and meaning.
#pragma once

#include "config/config.hpp"

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace rapport::config {

struct Setting {
    std::string_view path;  // "server.port"
    std::string_view description;
    // Stores the node's value in the config, or returns what is wrong with it.
    std::function<std::optional<std::string>(const YAML::Node&, Config&,
                                             const std::filesystem::path& base_dir)>
        apply;
    // The default as text, for --help.
    std::function<std::string(const Config&)> show;
};

std::span<const Setting> settings();

// Shared with flags and environment variables.
std::optional<std::string> check_log_level(std::string_view level);
std::optional<logging::LogFormat> parse_log_format(std::string_view format);

}  // namespace rapport::config
