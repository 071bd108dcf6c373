#include "http/json_body.hpp"

#include <rapport/sdk/error.hpp>

#include <boost/json.hpp>

namespace rapport::http {

Response json_response(int status, const boost::json::value& value) {
    return Response::json(status, boost::json::serialize(value));
}

namespace {

// Up to this many significant digits, a decimal survives the trip through a double.
constexpr std::size_t exact_digits = 15;

bool is_number_character(char c) {
    return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

// The digits of a number's mantissa from its first non-zero digit to its last.
std::size_t significant_digits(std::string_view number) {
    const auto mantissa = number.substr(0, number.find_first_of("eE"));
    const auto first = mantissa.find_first_of("123456789");
    if (first == std::string_view::npos) {
        return 0;
    }
    const auto last = mantissa.find_last_of("123456789");
    std::size_t digits = 0;
    for (std::size_t i = first; i <= last; ++i) {
        digits += mantissa[i] == '.' ? 0 : 1;
    }
    return digits;
}

}  // namespace

std::optional<std::string_view> imprecise_number(std::string_view json) {
    for (std::size_t i = 0; i < json.size(); ++i) {
        if (json[i] == '"') {  // a string: skip to its closing quote
            for (++i; i < json.size() && json[i] != '"'; ++i) {
                i += json[i] == '\\' ? 1 : 0;
            }
            continue;
        }
        if (!is_number_character(json[i])) {
            continue;
        }
        const std::size_t start = i;
        while (i < json.size() && is_number_character(json[i])) {
            ++i;
        }
        const auto number = json.substr(start, i - start);
        if (number.find_first_of(".eE") != std::string_view::npos &&
            significant_digits(number) > exact_digits) {
            return number;
        }
    }
    return std::nullopt;
}

boost::json::value parse_json_body(const Request& request) {
    const auto content_type = request.header("Content-Type");
    if (content_type && content_type->find("json") == std::string_view::npos) {
        throw sdk::Error(sdk::ErrorCode::bad_request,
                         "expected a JSON body, got Content-Type " + std::string(*content_type));
    }
    boost::json::stream_parser parser;
    boost::system::error_code error;
    const std::size_t consumed = parser.write_some(request.body.data(), request.body.size(), error);
    if (!error) {
        parser.finish(error);
    }
    if (error || consumed != request.body.size()) {
        throw sdk::Error(sdk::ErrorCode::bad_request,
                         "malformed JSON body at byte " + std::to_string(consumed) + ": " +
                             (error ? error.message() : "unexpected trailing data"));
    }
    if (const auto number = imprecise_number(request.body)) {
        throw sdk::Error(sdk::ErrorCode::validation_failed,
                         "the number " + std::string(*number) +
                             " has more than 15 significant digits, which a JSON number does "
                             "not keep exactly: send it as a string");
    }
    return parser.release();
}

}  // namespace rapport::http
