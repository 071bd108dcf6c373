// The one error family of Rapport: an error that ends an operation, with the code the HTTP
// API reports and per-field details. Kernel and plugins throw it; the HTTP layer maps it once.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace rapport::sdk {

enum class ErrorCode {
    bad_request,          // 400 malformed input
    unauthenticated,      // 401
    forbidden,            // 403
    not_found,            // 404
    method_not_allowed,   // 405
    conflict,             // 409 state conflict
    precondition_failed,  // 412 version mismatch
    payload_too_large,    // 413
    validation_failed,    // 422
    rate_limited,         // 429
    internal,             // 500
    unavailable,          // 503
};

struct FieldError {
    std::string field;
    std::string message;

    bool operator==(const FieldError&) const = default;
};

class Error : public std::runtime_error {
  public:
    Error(ErrorCode code, const std::string& message, std::vector<FieldError> details = {});

    ErrorCode code() const noexcept { return code_; }
    const std::vector<FieldError>& details() const noexcept { return details_; }

  private:
    ErrorCode code_;
    std::vector<FieldError> details_;
};

// The machine-readable code of the JSON error shape, e.g. "validation_failed".
std::string_view error_code_name(ErrorCode code) noexcept;
int http_status(ErrorCode code) noexcept;

}  // namespace rapport::sdk
