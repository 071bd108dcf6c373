// JSON in and out of handlers.
#pragma once

#include "http/request.hpp"
#include "http/response.hpp"

#include <boost/json/value.hpp>

namespace rapport::http {

Response json_response(int status, const boost::json::value& value);

// The request body as JSON. Throws sdk::Error(bad_request) naming the position of a syntax
// error, or when the Content-Type is not JSON.
boost::json::value parse_json_body(const Request& request);

}  // namespace rapport::http
