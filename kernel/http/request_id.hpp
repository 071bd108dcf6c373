// Request ids tie a response, its access log line and any error log line together.
#pragma once

#include <string>
#include <string_view>

namespace rapport::http {

// 16 random hex characters.
std::string new_request_id();
// An id a client or proxy sent in X-Request-Id is kept when it is short and plain.
bool is_acceptable_request_id(std::string_view id) noexcept;

}  // namespace rapport::http
