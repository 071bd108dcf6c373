#include "config/config_error.hpp"

#include <utility>

namespace rapport::config {
namespace {

std::string join(const std::vector<std::string>& problems) {
    std::string text = "invalid configuration:";
    for (const auto& problem : problems) {
        text += "\n  " + problem;
    }
    return text;
}

}  // namespace

ConfigError::ConfigError(std::vector<std::string> problems)
    : std::runtime_error(join(problems)), problems_(std::move(problems)) {}

}  // namespace rapport::config
