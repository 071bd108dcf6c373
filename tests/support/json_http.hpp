// JSON over the test HTTP client: the Content-Type header of a JSON body, and a response body
// parsed.
#pragma once

#include "http_client.hpp"

#include <boost/json.hpp>

#include <string>
#include <utility>
#include <vector>

namespace rapport::testing {

inline const std::vector<std::pair<std::string, std::string>> json_body{
    {"Content-Type", "application/json"}};

inline boost::json::value json(const HttpResult& result) {
    return boost::json::parse(result.body);
}

}  // namespace rapport::testing
