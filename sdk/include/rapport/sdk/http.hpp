// HTTP as a plugin sees it: the request a plugin route receives and the response it returns,
// plain data free of any network library. Routes are registered in Plugin::start through
// PluginContext::add_route.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rapport::sdk {

using NameValues = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
    std::string method;      // "GET", "POST", ...
    std::string path;        // decoded: "/s/abc123"
    NameValues query;        // decoded, in order, repeats kept
    NameValues path_params;  // the pattern's {names}
    NameValues headers;
    std::string body;
    std::string request_id;

    std::optional<std::string_view> path_param(std::string_view name) const;
    std::optional<std::string_view> query_param(std::string_view name) const;
    // Header names compare without regard to case.
    std::optional<std::string_view> header(std::string_view name) const;
};

struct HttpResponse {
    int status = 200;
    std::string content_type = "application/json";
    std::string body;
    NameValues headers;
};

// Runs on a worker thread; may block. What it throws becomes the API's error answer:
// sdk::Error with its code, anything else a 500 naming only the request id (the log names the
// plugin and the exception).
using RouteHandler = std::function<HttpResponse(const HttpRequest&)>;

}  // namespace rapport::sdk
