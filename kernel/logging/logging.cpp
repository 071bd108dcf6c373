#include "logging/logging.hpp"

#include "logging/access_log.hpp"
#include "logging/json_line_formatter.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <atomic>

namespace rapport::logging {
namespace {

constexpr const char* access_logger_name = "access";
// Read on every request, so kept here rather than looked up in spdlog's registry.
std::atomic<std::shared_ptr<spdlog::logger>> access_logger;
std::atomic<bool> json_access_lines{false};

}  // namespace

void configure_logging(const LogOptions& options) {
    // One sink each: a logger's pattern is set on its sinks. Console sinks share one lock.
    auto main = std::make_shared<spdlog::logger>(
        "rapport", std::make_shared<spdlog::sinks::stderr_color_sink_mt>());
    auto access = std::make_shared<spdlog::logger>(
        access_logger_name, std::make_shared<spdlog::sinks::stderr_color_sink_mt>());
    const bool json = options.format == LogFormat::json;
    if (json) {
        main->set_formatter(std::make_unique<JsonLineFormatter>());
        access->set_formatter(std::make_unique<JsonFieldsFormatter>());
    } else {
        main->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %^%-5l%$ %v", spdlog::pattern_time_type::utc);
        access->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %^%-5l%$ %n %v", spdlog::pattern_time_type::utc);
    }
    const auto level = spdlog::level::from_str(options.level);
    main->set_level(level);
    access->set_level(level);
    json_access_lines = json;
    access_logger = access;
    spdlog::set_default_logger(main);
}

void log_access(const AccessRecord& record) {
    const auto logger = access_logger.load();
    if (!logger || !logger->should_log(spdlog::level::info)) {
        return;
    }
    const double millis = std::chrono::duration<double, std::milli>(record.latency).count();
    if (!json_access_lines) {
        logger->info("{} {} {} {} {}B {:.2f}ms {}", record.request_id, record.method, record.target,
                     record.status, record.bytes, millis, record.remote_address);
        return;
    }
    spdlog::memory_buf_t fields;
    const auto member = [&](std::string_view name, std::string_view value) {
        fmt::format_to(std::back_inserter(fields), R"("{}":)", name);
        append_json_string(value, fields);
        fields.push_back(',');
    };
    member("request_id", record.request_id);
    member("method", record.method);
    member("path", record.target);
    member("remote", record.remote_address);
    fmt::format_to(std::back_inserter(fields), R"("status":{},"bytes":{},"latency_ms":{:.3f})",
                   record.status, record.bytes, millis);
    logger->info("{}", std::string_view(fields.data(), fields.size()));
}

}  // namespace rapport::logging
