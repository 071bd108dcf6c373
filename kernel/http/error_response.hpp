// The JSON error shape of the API, and the middleware that maps every failure to it.
#pragma once

#include "http/handler.hpp"
#include "http/response.hpp"

#include <rapport/sdk/error.hpp>

#include <string_view>

namespace rapport::http {

// {"error": {"code", "message", "details": [{"field", "message"}], "request_id"}}
Response error_response(const sdk::Error& error, std::string_view request_id);

// Turns an sdk::Error into its response and any other exception into a 500 that names only
// the request id; the exception's text goes to the log, never to the client.
Middleware error_translation();

}  // namespace rapport::http
