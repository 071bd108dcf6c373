#include <rapport/sdk/error.hpp>

#include <utility>

namespace rapport::sdk {

Error::Error(ErrorCode code, const std::string& message, std::vector<FieldError> details)
    : std::runtime_error(message), code_(code), details_(std::move(details)) {}

std::string_view error_code_name(ErrorCode code) noexcept {
    switch (code) {
        case ErrorCode::bad_request:
            return "bad_request";
        case ErrorCode::unauthenticated:
            return "unauthenticated";
        case ErrorCode::forbidden:
            return "forbidden";
        case ErrorCode::not_found:
            return "not_found";
        case ErrorCode::method_not_allowed:
            return "method_not_allowed";
        case ErrorCode::conflict:
            return "conflict";
        case ErrorCode::precondition_failed:
            return "precondition_failed";
        case ErrorCode::payload_too_large:
            return "payload_too_large";
        case ErrorCode::validation_failed:
            return "validation_failed";
        case ErrorCode::rate_limited:
            return "rate_limited";
        case ErrorCode::internal:
            return "internal_error";
        case ErrorCode::unavailable:
            return "unavailable";
    }
    return "internal_error";
}

int http_status(ErrorCode code) noexcept {
    switch (code) {
        case ErrorCode::bad_request:
            return 400;
        case ErrorCode::unauthenticated:
            return 401;
        case ErrorCode::forbidden:
            return 403;
        case ErrorCode::not_found:
            return 404;
        case ErrorCode::method_not_allowed:
            return 405;
        case ErrorCode::conflict:
            return 409;
        case ErrorCode::precondition_failed:
            return 412;
        case ErrorCode::payload_too_large:
            return 413;
        case ErrorCode::validation_failed:
            return 422;
        case ErrorCode::rate_limited:
            return 429;
        case ErrorCode::internal:
            return 500;
        case ErrorCode::unavailable:
            return 503;
    }
    return 500;
}

}  // namespace rapport::sdk
