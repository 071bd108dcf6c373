// Process-wide logging set-up: human-readable console lines or JSON lines, on stderr.
#pragma once

#include <string>

namespace rapport::logging {

enum class LogFormat { text, json };

struct LogOptions {
    std::string level = "info";  // trace, debug, info, warn, error, critical, off
    LogFormat format = LogFormat::text;
};

void configure_logging(const LogOptions& options);

}  // namespace rapport::logging
