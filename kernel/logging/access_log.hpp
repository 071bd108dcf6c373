// One line per HTTP request: request id, method, path, status, bytes, latency.
#pragma once

#include <chrono>
#include <cstddef>
#include <string_view>

namespace rapport::logging {

struct AccessRecord {
    std::string_view request_id;
    std::string_view method;
    std::string_view target;
    std::string_view remote_address;
    int status;
    std::size_t bytes;
    std::chrono::steady_clock::duration latency;
};

void log_access(const AccessRecord& record);

}  // namespace rapport::logging
