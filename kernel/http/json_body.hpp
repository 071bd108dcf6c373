// JSON in and out of handlers.
#pragma once

#include "http/request.hpp"
#include "http/response.hpp"

#include <boost/json/value.hpp>

#include <optional>
#include <string_view>

namespace rapport::http {

// The value as JSON, numbers in plain form (http/json_numbers.hpp).
Response json_response(int status, const boost::json::value& value);

// The request body as JSON. Throws sdk::Error(bad_request) naming the position of a syntax
// error, or when the Content-Type is not JSON; sdk::Error(validation_failed) for a number a
// double cannot keep or hold (http/json_numbers.hpp, unfit_number).
boost::json::value parse_json_body(const Request& request);

}  // namespace rapport::http
