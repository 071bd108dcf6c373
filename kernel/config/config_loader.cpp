#include "config/config_loader.hpp"

#include "config/config_error.hpp"
#include "config/config_schema.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <fstream>
#include <sstream>

namespace rapport::config {
namespace {

namespace fs = std::filesystem;

class SchemaWalker {
  public:
    SchemaWalker(std::string_view source, const fs::path& base_dir, Config& config)
        : source_(source), base_dir_(base_dir), config_(config) {}

    void walk(const YAML::Node& node, const std::string& prefix) {
        if (node.IsNull()) {
            return;
        }
        if (!node.IsMap()) {
            report(node, prefix.empty() ? "the file must hold a mapping of settings"
                                        : prefix + ": expected a mapping of settings");
            return;
        }
        for (const auto& entry : node) {
            const std::string key = entry.first.Scalar();
            const std::string path = prefix.empty() ? key : prefix + "." + key;
            if (const Setting* setting = find_setting(path)) {
                if (auto problem = setting->apply(entry.second, config_, base_dir_)) {
                    report(entry.second, path + ": " + *problem);
                }
            } else if (is_section(path)) {
                walk(entry.second, path);
            } else {
                report(entry.first, "unknown setting '" + path + "'");
            }
        }
    }

    std::vector<std::string>& problems() { return problems_; }

  private:
    static const Setting* find_setting(std::string_view path) {
        for (const Setting& setting : settings()) {
            if (setting.path == path) {
                return &setting;
            }
        }
        return nullptr;
    }

    static bool is_section(std::string_view path) {
        for (const Setting& setting : settings()) {
            if (setting.path.size() > path.size() && setting.path.starts_with(path) &&
                setting.path[path.size()] == '.') {
                return true;
            }
        }
        return false;
    }

    void report(const YAML::Node& node, const std::string& problem) {
        problems_.push_back(fmt::format("{}:{}: {}", source_, node.Mark().line + 1, problem));
    }

    std::string_view source_;
    const fs::path& base_dir_;
    Config& config_;
    std::vector<std::string> problems_;
};

void apply_overrides(const Overrides& overrides, Config& config) {
    std::vector<std::string> problems;
    if (overrides.port) {
        config.server.port = *overrides.port;
    }
    if (overrides.data_dir) {
        config.data_dir = *overrides.data_dir;
    }
    if (overrides.database_url) {
        config.database.url = *overrides.database_url;
    }
    if (overrides.log_level) {
        if (auto problem = check_log_level(*overrides.log_level)) {
            problems.push_back("log level: " + *problem);
        } else {
            config.log.level = *overrides.log_level;
        }
    }
    if (overrides.log_format) {
        if (auto format = parse_log_format(*overrides.log_format)) {
            config.log.format = *format;
        } else {
            problems.push_back("log format: expected text or json, got \"" + *overrides.log_format +
                               "\"");
        }
    }
    if (!problems.empty()) {
        throw ConfigError(std::move(problems));
    }
}

}  // namespace

Config parse_config(std::string_view yaml, std::string_view source, const fs::path& base_dir) {
    Config config;
    YAML::Node root;
    try {
        root = YAML::Load(std::string(yaml));
    } catch (const YAML::ParserException& error) {
        throw ConfigError({fmt::format("{}:{}: {}", source, error.mark.line + 1, error.msg)});
    }
    SchemaWalker walker(source, base_dir, config);
    walker.walk(root, "");
    if (!walker.problems().empty()) {
        throw ConfigError(std::move(walker.problems()));
    }
    return config;
}

Config load_config(const std::optional<fs::path>& file, const Overrides& overrides) {
    Config config;
    if (file) {
        std::ifstream in(*file);
        if (!in) {
            throw ConfigError(
                {fmt::format("{}: cannot read the configuration file", file->string())});
        }
        std::ostringstream text;
        text << in.rdbuf();
        config = parse_config(text.str(), file->string(), fs::absolute(*file).parent_path());
    }
    apply_overrides(overrides, config);
    return config;
}

std::string describe_settings() {
    const Config defaults;
    std::string text;
    for (const Setting& setting : settings()) {
        text += fmt::format("  {:<34} {} (default: {})\n", setting.path, setting.description,
                            setting.show(defaults));
    }
    return text;
}

}  // namespace rapport::config
