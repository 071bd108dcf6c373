#include "plugins/plugin_routes.hpp"

#include "http/json_body.hpp"
#include "plugins/plugin_runtime.hpp"
#include "records/entity_json.hpp"

#include <rapport/sdk/error.hpp>

#include <boost/json.hpp>

namespace rapport::plugins {
namespace {

using http::Method;
using http::Request;

boost::json::object plugin_json(const PluginInfo& plugin) {
    boost::json::array depends;
    for (const auto& id : plugin.depends) {
        depends.emplace_back(id);
    }
    boost::json::object json{{"id", plugin.id},
                             {"name", plugin.name},
                             {"version", plugin.version},
                             {"state", plugin.state},
                             {"depends", std::move(depends)},
                             {"error", plugin.error.empty() ? boost::json::value(nullptr)
                                                            : boost::json::value(plugin.error)}};
    if (!plugin.also_installed.empty()) {
        boost::json::array also;
        for (const auto& id : plugin.also_installed) {
            also.emplace_back(id);
        }
        json["also_installed"] = std::move(also);
    }
    return json;
}

records::Caller require_admin(const records::Authenticate& authenticate, Request& request) {
    auto caller = authenticate(request);
    if (!caller.policy || !caller.policy->is_unrestricted()) {
        throw sdk::Error(sdk::ErrorCode::forbidden, "only admins manage plugins");
    }
    return caller;
}

// {"plugin", "values": {name: value}, "fields": [what /api/v1/meta/entities says of a field]}
http::Response settings_json(PluginRuntime& runtime, const std::string& id) {
    const auto schema = runtime.settings_schema(id);
    boost::json::array fields;
    for (const auto& setting : schema) {
        fields.push_back(records::field_to_json(setting));
    }
    return http::json_response(
        200, boost::json::object{{"plugin", id},
                                 {"values", runtime.settings().values(id, schema)},
                                 {"fields", std::move(fields)}});
}

// {"drop_data": true} or no body at all.
bool drop_data(const Request& request) {
    if (request.body.empty()) {
        return false;
    }
    const auto body = http::parse_json_body(request);
    const auto* object = body.if_object();
    const auto* flag = object ? object->if_contains("drop_data") : nullptr;
    if (!object || (flag && !flag->is_bool())) {
        throw sdk::Error(sdk::ErrorCode::bad_request, "send {\"drop_data\": true or false}",
                         {{"drop_data", "expected true or false"}});
    }
    return flag && flag->get_bool();
}

// "greeting, batch_size": the names a settings change sent, in its order.
std::string setting_names(const boost::json::value& body) {
    std::string names;
    for (const auto& entry : body.as_object()) {
        names += (names.empty() ? "" : ", ") + std::string(entry.key());
    }
    return names;
}

}  // namespace

void add_plugin_routes(http::Router& router, PluginRuntime& runtime,
                       records::Authenticate authenticate, AuditAdminAction audit,
                       std::size_t max_package_bytes) {
    router.add(Method::get, "/api/v1/admin/plugins", [&runtime, authenticate](Request& request) {
        require_admin(authenticate, request);
        boost::json::array plugins;
        for (const auto& plugin : runtime.list()) {
            plugins.push_back(plugin_json(plugin));
        }
        return http::json_response(200, plugins);
    });
    router.add(
        Method::post, "/api/v1/admin/plugins",
        [&runtime, authenticate, audit](Request& request) {
            const auto caller = require_admin(authenticate, request);
            const auto plugin = runtime.upload(request.body);
            audit(caller, "plugin " + plugin.id + " upload " + plugin.version);
            return http::json_response(201, plugin_json(plugin));
        },
        http::RouteOptions(http::Execution::worker_pool, max_package_bytes));
    const auto action = [&runtime, authenticate, audit](std::string name, auto operation) {
        return [&runtime, authenticate, audit, name, operation](Request& request) {
            const auto caller = require_admin(authenticate, request);
            const std::string id(*request.path_param("id"));
            const auto plugin = operation(runtime, id, request);
            audit(caller, "plugin " + id + " " + name);
            return http::json_response(200, plugin_json(plugin));
        };
    };
    router.add(Method::post, "/api/v1/admin/plugins/{id}/install",
               action("install", [](PluginRuntime& plugins, const std::string& id, const Request&) {
                   return plugins.install(id);
               }));
    router.add(Method::post, "/api/v1/admin/plugins/{id}/uninstall",
               action("uninstall",
                      [](PluginRuntime& plugins, const std::string& id, const Request& request) {
                          return plugins.uninstall(id, drop_data(request));
                      }));
    router.add(Method::post, "/api/v1/admin/plugins/{id}/enable",
               action("enable", [](PluginRuntime& plugins, const std::string& id, const Request&) {
                   return plugins.enable(id);
               }));
    router.add(Method::post, "/api/v1/admin/plugins/{id}/disable",
               action("disable", [](PluginRuntime& plugins, const std::string& id, const Request&) {
                   return plugins.disable(id);
               }));
    router.add(Method::get, "/api/v1/admin/plugins/{id}/settings",
               [&runtime, authenticate](Request& request) {
                   require_admin(authenticate, request);
                   return settings_json(runtime, std::string(*request.path_param("id")));
               });
    router.add(Method::patch, "/api/v1/admin/plugins/{id}/settings",
               [&runtime, authenticate, audit](Request& request) {
                   const auto caller = require_admin(authenticate, request);
                   const std::string id(*request.path_param("id"));
                   const auto schema = runtime.settings_schema(id);  // 404 before the body
                   const auto body = http::parse_json_body(request);
                   runtime.settings().change(id, schema, body, caller.user_id);
                   audit(caller, "plugin " + id + " settings: " + setting_names(body));
                   return settings_json(runtime, id);
               });
}

}  // namespace rapport::plugins
