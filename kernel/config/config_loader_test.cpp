#include "config/config_loader.hpp"

#include "config/config_error.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace rapport::config {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<std::string> problems_of(std::string_view yaml) {
    try {
        parse_config(yaml, "rapport.yaml", "/etc/rapport");
    } catch (const ConfigError& error) {
        return error.problems();
    }
    return {};
}

TEST(ConfigLoader, EmptyFileKeepsDefaults) {
    const Config config = parse_config("", "rapport.yaml", "/etc/rapport");
    EXPECT_EQ(config.server.port, 8080);
    EXPECT_EQ(config.server.host, "127.0.0.1");
    EXPECT_EQ(config.database_url(), "sqlite:data/rapport.db");
}

TEST(ConfigLoader, ReadsEverySection) {
    const Config config = parse_config(R"(
data_dir: /var/lib/rapport
server:
  port: 9090
  io_threads: 3
  max_body_size: 2MiB
  header_timeout_seconds: 5
database:
  url: postgresql://rapport@db/rapport
log:
  level: debug
  format: json
  access_log: false
)",
                                       "rapport.yaml", "/etc/rapport");
    EXPECT_EQ(config.data_dir, "/var/lib/rapport");
    EXPECT_EQ(config.server.port, 9090);
    EXPECT_EQ(config.io_threads(), 3u);
    EXPECT_EQ(config.server.max_body_bytes, 2u * 1024 * 1024);
    EXPECT_EQ(config.server.header_timeout, std::chrono::seconds(5));
    EXPECT_EQ(config.database_url(), "postgresql://rapport@db/rapport");
    EXPECT_EQ(config.log.level, "debug");
    EXPECT_EQ(config.log.format, logging::LogFormat::json);
    EXPECT_FALSE(config.log.access_log);
}

TEST(ConfigLoader, ResolvesRelativePathsAgainstTheFile) {
    const Config config =
        parse_config("server:\n  web_root: ../webui\n", "rapport.yaml", "/etc/rapport");
    EXPECT_EQ(config.server.web_root, "/etc/rapport/../webui");
}

TEST(ConfigLoader, ReportsEveryProblemWithItsLine) {
    EXPECT_THAT(
        problems_of(R"(server:
  port: eighty
  colour: blue
log:
  level: loud
databse:
  url: x
)"),
        ElementsAre(
            "rapport.yaml:2: server.port: expected an integer from 1 to 65535, got \"eighty\"",
            "rapport.yaml:3: unknown setting 'server.colour'",
            "rapport.yaml:5: log.level: expected one of trace, debug, info, warn, error, "
            "critical, off, got \"loud\"",
            "rapport.yaml:6: unknown setting 'databse'"));
}

TEST(ConfigLoader, RefusesOutOfRangeValues) {
    EXPECT_THAT(problems_of("server:\n  port: 70000\n"), ElementsAre(HasSubstr("from 1 to 65535")));
    EXPECT_THAT(problems_of("server:\n  max_body_size: 10 parsecs\n"),
                ElementsAre(HasSubstr("expected a size")));
    EXPECT_THAT(problems_of("log:\n  access_log: maybe\n"),
                ElementsAre(HasSubstr("true or false")));
}

TEST(ConfigLoader, ReportsYamlSyntaxErrorsWithTheirLine) {
    EXPECT_THAT(problems_of("server:\n  port: [1, 2\n"), ElementsAre(HasSubstr("rapport.yaml:3:")));
}

TEST(ConfigLoader, RefusesASectionGivenAsAValue) {
    EXPECT_THAT(problems_of("server: 8080\n"),
                ElementsAre("rapport.yaml:1: server: expected a mapping of settings"));
}

TEST(ConfigLoader, OverridesWinOverTheFile) {
    Overrides overrides;
    overrides.port = 9999;
    overrides.database_url = "sqlite:/tmp/x.db";
    overrides.log_format = "json";
    const Config config = load_config(std::nullopt, overrides);
    EXPECT_EQ(config.server.port, 9999);
    EXPECT_EQ(config.database_url(), "sqlite:/tmp/x.db");
    EXPECT_EQ(config.log.format, logging::LogFormat::json);
}

TEST(ConfigLoader, RefusesBadOverrideValues) {
    Overrides overrides;
    overrides.log_level = "chatty";
    EXPECT_THROW(load_config(std::nullopt, overrides), ConfigError);
}

TEST(ConfigLoader, ReportsAMissingFile) {
    try {
        load_config(std::filesystem::path("/nonexistent/rapport.yaml"), {});
        FAIL() << "expected ConfigError";
    } catch (const ConfigError& error) {
        EXPECT_THAT(error.what(), HasSubstr("/nonexistent/rapport.yaml: cannot read"));
    }
}

TEST(ConfigLoader, DescribesEverySettingForHelp) {
    const std::string help = describe_settings();
    EXPECT_THAT(help, HasSubstr("server.port"));
    EXPECT_THAT(help, HasSubstr("(default: 8080)"));
    EXPECT_THAT(help, HasSubstr("log.format"));
}

}  // namespace
}  // namespace rapport::config
