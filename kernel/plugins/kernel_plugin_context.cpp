#include "plugins/kernel_plugin_context.hpp"

#include "records/record_store.hpp"

#include <rapport/sdk/error.hpp>

#include <spdlog/spdlog.h>

namespace rapport::plugins {

KernelPluginContext::KernelPluginContext(ActivePlugin& plugin, CurrentStore current_store)
    : plugin_(plugin), current_store_(current_store), records_(std::move(current_store)) {}

std::string_view KernelPluginContext::plugin_id() const {
    return plugin_.manifest.id;
}

void KernelPluginContext::log(sdk::LogLevel level, std::string_view message) {
    const auto spd_level = level == sdk::LogLevel::debug  ? spdlog::level::debug
                           : level == sdk::LogLevel::info ? spdlog::level::info
                           : level == sdk::LogLevel::warn ? spdlog::level::warn
                                                          : spdlog::level::err;
    spdlog::log(spd_level, "plugin {}: {}", plugin_.manifest.id, message);
}

sdk::RecordStore& KernelPluginContext::records() {
    return records_;
}

void KernelPluginContext::add_computed_field(std::string_view entity, std::string_view field,
                                             ComputeField compute) {
    const auto store = current_store_();
    const auto* definition = store->entity(entity).field(field);
    if (!definition || !definition->computed || !compute) {
        throw sdk::Error(sdk::ErrorCode::bad_request,
                         "add_computed_field: " + std::string(entity) + "." + std::string(field) +
                             " is not a field declared computed: true");
    }
    plugin_.computed_fields.push_back(
        {std::string(entity), std::string(field), std::move(compute)});
}

void KernelPluginContext::add_route(std::string_view method, std::string_view pattern,
                                    sdk::RouteHandler handler) {
    const auto parsed = http::parse_method(method);
    if (!parsed) {
        throw sdk::Error(sdk::ErrorCode::bad_request,
                         "add_route: unknown method '" + std::string(method) + "'");
    }
    if (!pattern.starts_with('/') || pattern == "/api" || pattern.starts_with("/api/")) {
        throw sdk::Error(sdk::ErrorCode::bad_request,
                         "add_route: '" + std::string(pattern) +
                             "' is not a plugin's path (paths start with / and stay outside "
                             "/api/)");
    }
    if (!handler) {
        throw sdk::Error(sdk::ErrorCode::bad_request, "add_route: the handler is empty");
    }
    plugin_.routes.push_back({*parsed, std::string(pattern), std::move(handler)});
}

}  // namespace rapport::plugins
