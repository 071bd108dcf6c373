#include "http/json_body.hpp"

#include "http/json_numbers.hpp"

#include <rapport/sdk/error.hpp>

#include <boost/json.hpp>

namespace rapport::http {

Response json_response(int status, const boost::json::value& value) {
    return Response::json(status, plain_json_text(value));
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
    if (const auto number = unfit_number(request.body)) {
        throw sdk::Error(sdk::ErrorCode::validation_failed,
                         "the number " + std::string(number->text) +
                             (number->fault == NumberFault::out_of_range
                                  ? " is beyond the range of a JSON number here (about 1e-308 "
                                    "to 1e308)"
                                  : " has more than 15 significant digits, which a JSON number "
                                    "does not keep exactly: send it as a string"));
    }
    return parser.release();
}

}  // namespace rapport::http
