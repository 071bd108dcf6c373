#include "plugins/served_routes.hpp"

#include <rapport/sdk/error.hpp>

#include <spdlog/spdlog.h>

namespace rapport::plugins {
namespace {

sdk::HttpRequest sdk_request(const http::Request& request) {
    sdk::HttpRequest converted;
    converted.method = std::string(http::method_name(request.method));
    converted.path = request.path;
    converted.query = request.query;
    converted.path_params = request.path_params;
    for (const auto& [name, value] : request.headers) {
        converted.headers.emplace_back(name, value);
    }
    converted.body = request.body;
    converted.request_id = request.request_id;
    return converted;
}

http::Response kernel_response(sdk::HttpResponse response) {
    http::Response converted;
    converted.status = response.status;
    converted.body = std::move(response.body);
    if (!response.content_type.empty()) {
        converted.headers.set("Content-Type", std::move(response.content_type));
    }
    for (auto& [name, value] : response.headers) {
        converted.headers.add(std::move(name), std::move(value));
    }
    return converted;
}

}  // namespace

http::Response served_by(const ActivePlugin& plugin, const http::Request& request,
                         const std::function<sdk::HttpResponse()>& handler) {
    try {
        return kernel_response(handler());
    } catch (const sdk::Error&) {
        throw;
    } catch (const std::exception& error) {
        spdlog::error("plugin {}: {} {} failed (request {}): {}", plugin.manifest.id,
                      http::method_name(request.method), request.path, request.request_id,
                      error.what());
        throw sdk::Error(sdk::ErrorCode::internal, "the plugin " + plugin.manifest.id +
                                                       " failed; the log has request " +
                                                       request.request_id);
    }
}

void add_served_routes(http::Router& router, const ActivePlugins& plugins) {
    for (const auto& plugin : plugins) {
        for (const auto& route : plugin->routes) {
            // The handler is code in the plugin's library: holding the plugin holds it.
            router.add(route.method, route.pattern, [plugin, &route](http::Request& request) {
                return served_by(*plugin, request,
                                 [&] { return route.handler(sdk_request(request)); });
            });
        }
    }
}

}  // namespace rapport::plugins
