// One HTTP request as handlers see it: decoded path and query, headers, body. Free of any
// network library so handlers and tests need none.
#pragma once

#include "http/headers.hpp"
#include "http/method.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rapport::http {

struct Request {
    Method method = Method::get;
    std::string target;                      // as received: "/api/v1/records/lead?limit=5"
    std::string path;                        // decoded: "/api/v1/records/lead"
    std::vector<std::string> path_segments;  // decoded: {"api", "v1", "records", "lead"}
    std::vector<std::pair<std::string, std::string>> query;  // decoded, in order, repeats kept
    Headers headers;
    std::string body;
    std::string request_id;
    std::string remote_address;
    std::optional<std::int64_t> user_id;  // set by authentication, for the logs and the audit
    std::vector<std::pair<std::string, std::string>> path_params;  // filled by the router

    std::optional<std::string_view> header(std::string_view name) const {
        return headers.get(name);
    }
    // A parameter that takes one value; given more than once it is a bad request (400).
    std::optional<std::string_view> query_param(std::string_view name) const;
    std::optional<std::string_view> path_param(std::string_view name) const;
};

}  // namespace rapport::http
