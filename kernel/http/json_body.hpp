// JSON in and out of handlers.
#pragma once

#include "http/request.hpp"
#include "http/response.hpp"

#include <boost/json/value.hpp>

#include <optional>
#include <string_view>

namespace rapport::http {

Response json_response(int status, const boost::json::value& value);

// The request body as JSON. Throws sdk::Error(bad_request) naming the position of a syntax
// error, or when the Content-Type is not JSON; sdk::Error(validation_failed) for a number a
// double cannot keep (imprecise_number).
boost::json::value parse_json_body(const Request& request);

// The first number in JSON text with a fraction or an exponent and more than 15 significant
// digits ("1000.50000000000001"), or nullopt. Boost.JSON reads such a number as a double,
// which keeps 15 digits: money and decimals are read from the double's shortest text, exact
// up to 15 digits, and a longer number would arrive silently rounded.
std::optional<std::string_view> imprecise_number(std::string_view json);

}  // namespace rapport::http
