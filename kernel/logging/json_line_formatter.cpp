#include "logging/json_line_formatter.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

namespace rapport::logging {
namespace {

void append(std::string_view text, spdlog::memory_buf_t& out) {
    out.append(text.data(), text.data() + text.size());
}

void append_prefix(const spdlog::details::log_msg& message, spdlog::memory_buf_t& out) {
    const auto millis =
        std::chrono::duration_cast<std::chrono::milliseconds>(message.time.time_since_epoch()) %
        1000;
    fmt::format_to(std::back_inserter(out), R"({{"ts":"{:%Y-%m-%dT%H:%M:%S}.{:03}Z","level":")",
                   fmt::gmtime(std::chrono::system_clock::to_time_t(message.time)), millis.count());
    const auto level = spdlog::level::to_string_view(message.level);
    append(std::string_view(level.data(), level.size()), out);
    append(R"(","logger":)", out);
    append_json_string(std::string_view(message.logger_name.data(), message.logger_name.size()),
                       out);
}

}  // namespace

void append_json_string(std::string_view text, spdlog::memory_buf_t& out) {
    out.push_back('"');
    for (const char c : text) {
        switch (c) {
            case '"':
                append("\\\"", out);
                break;
            case '\\':
                append("\\\\", out);
                break;
            case '\n':
                append("\\n", out);
                break;
            case '\r':
                append("\\r", out);
                break;
            case '\t':
                append("\\t", out);
                break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) {
                    fmt::format_to(std::back_inserter(out), "\\u{:04x}", static_cast<int>(c));
                } else {
                    out.push_back(c);
                }
        }
    }
    out.push_back('"');
}

void JsonLineFormatter::format(const spdlog::details::log_msg& message, spdlog::memory_buf_t& out) {
    append_prefix(message, out);
    append(R"(,"msg":)", out);
    append_json_string(std::string_view(message.payload.data(), message.payload.size()), out);
    append("}\n", out);
}

std::unique_ptr<spdlog::formatter> JsonLineFormatter::clone() const {
    return std::make_unique<JsonLineFormatter>();
}

void JsonFieldsFormatter::format(const spdlog::details::log_msg& message,
                                 spdlog::memory_buf_t& out) {
    append_prefix(message, out);
    out.push_back(',');
    append(std::string_view(message.payload.data(), message.payload.size()), out);
    append("}\n", out);
}

std::unique_ptr<spdlog::formatter> JsonFieldsFormatter::clone() const {
    return std::make_unique<JsonFieldsFormatter>();
}

}  // namespace rapport::logging
