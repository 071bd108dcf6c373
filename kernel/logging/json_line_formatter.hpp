// spdlog formatter writing one JSON object per line, for log collectors.
#pragma once

#include <spdlog/formatter.h>

namespace rapport::logging {

class JsonLineFormatter final : public spdlog::formatter {
  public:
    void format(const spdlog::details::log_msg& message, spdlog::memory_buf_t& out) override;
    std::unique_ptr<spdlog::formatter> clone() const override;
};

// The access logger's messages are already JSON members ("request_id":"…",…); this
// formatter wraps them with the time, level and logger name instead of quoting them.
class JsonFieldsFormatter final : public spdlog::formatter {
  public:
    void format(const spdlog::details::log_msg& message, spdlog::memory_buf_t& out) override;
    std::unique_ptr<spdlog::formatter> clone() const override;
};

// Appends `text` as a JSON string literal.
void append_json_string(std::string_view text, spdlog::memory_buf_t& out);

}  // namespace rapport::logging
