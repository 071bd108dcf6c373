#include "plugins/kernel_plugin_context.hpp"

#include "db/database.hpp"
#include "jobs/job_queue.hpp"
#include "plugins/plugin_workflow.hpp"
#include "records/record_store.hpp"
#include "records/sequences.hpp"

#include <rapport/sdk/error.hpp>

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <span>

namespace rapport::plugins {
namespace {

// A view's path must be free: not one of the kernel's routes, not registered twice.
template <typename Views>
void refuse_taken_view(std::string_view what, std::string_view entity, std::string_view name,
                       std::span<const std::string_view> reserved, const Views& views,
                       bool has_handler) {
    const bool taken = std::find(reserved.begin(), reserved.end(), name) != reserved.end() ||
                       std::any_of(views.begin(), views.end(), [&](const auto& view) {
                           return view.entity == entity && view.name == name;
                       });
    if (taken || !has_handler || !records::is_valid_identifier(name)) {
        throw sdk::Error(sdk::ErrorCode::bad_request,
                         std::string(what) + ": " + std::string(entity) + " " + std::string(name) +
                             (taken ? " is taken" : " needs a lower-case name and a handler"));
    }
}

}  // namespace

KernelPluginContext::KernelPluginContext(ActivePlugin& plugin, CurrentStore current_store,
                                         PluginSettings& settings)
    : plugin_(plugin)
    , current_store_(current_store)
    , records_(std::move(current_store))
    , settings_(settings) {}

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

void KernelPluginContext::add_action(std::string_view entity, std::string_view name,
                                     sdk::ActionHandler handler) {
    current_store_()->entity(entity);  // not_found for an unknown entity
    const bool taken = std::any_of(
        plugin_.actions.begin(), plugin_.actions.end(),
        [&](const PluginAction& action) { return action.entity == entity && action.name == name; });
    if (taken || !handler || !records::is_valid_identifier(name)) {
        throw sdk::Error(
            sdk::ErrorCode::bad_request,
            "add_action: " + std::string(entity) + "." + std::string(name) +
                (taken ? " is registered twice" : " needs a lower-case name and a handler"));
    }
    plugin_.actions.push_back({std::string(entity), std::string(name), std::move(handler)});
}

void KernelPluginContext::add_validator(std::string_view event, sdk::EventHandler validator) {
    add_subscription(event, true, std::move(validator));
}

void KernelPluginContext::subscribe(std::string_view event, sdk::EventHandler handler) {
    add_subscription(event, false, std::move(handler));
}

void KernelPluginContext::add_subscription(std::string_view event, bool before_commit,
                                           sdk::EventHandler handler) {
    const auto dot = event.find('.');
    if (!handler ||
        (event != "*" && (dot == std::string_view::npos || dot == 0 || dot + 1 == event.size()))) {
        throw sdk::Error(sdk::ErrorCode::bad_request,
                         "subscriptions name an event as entity.action, entity.* or *, not '" +
                             std::string(event) + "'");
    }
    plugin_.subscriptions.push_back({std::string(event), before_commit, std::move(handler)});
}

void KernelPluginContext::add_record_view(std::string_view entity, std::string_view name,
                                          RecordViewHandler handler) {
    // The kernel's own routes under /api/v1/records/{entity}/{id}/.
    static constexpr std::array<std::string_view, 3> reserved{"history", "actions", "deliveries"};
    current_store_()->entity(entity);  // not_found for an unknown entity
    refuse_taken_view("add_record_view", entity, name, reserved, plugin_.record_views,
                      bool(handler));
    plugin_.record_views.push_back({std::string(entity), std::string(name), std::move(handler)});
}

void KernelPluginContext::add_entity_view(std::string_view entity, std::string_view name,
                                          EntityViewHandler handler) {
    // The kernel's own routes under /api/v1/records/{entity}/.
    static constexpr std::array<std::string_view, 3> reserved{"aggregate", "import", "export"};
    current_store_()->entity(entity);
    refuse_taken_view("add_entity_view", entity, name, reserved, plugin_.entity_views,
                      bool(handler));
    plugin_.entity_views.push_back({std::string(entity), std::string(name), std::move(handler)});
}

std::int64_t KernelPluginContext::next_number(std::string_view name) {
    if (name.empty()) {
        throw sdk::Error(sdk::ErrorCode::bad_request, "next_number: a sequence needs a name");
    }
    return records::next_in_sequence(current_store_()->database(),
                                     plugin_.manifest.id + "." + std::string(name));
}

void KernelPluginContext::add_job_handler(std::string_view kind, JobHandler handler) {
    const bool taken =
        std::any_of(plugin_.job_handlers.begin(), plugin_.job_handlers.end(),
                    [&](const PluginJobHandler& registered) { return registered.kind == kind; });
    if (kind.empty() || taken || !handler) {
        throw sdk::Error(sdk::ErrorCode::bad_request,
                         "add_job_handler: '" + std::string(kind) +
                             (taken ? "' is registered twice" : "' needs a name and a handler"));
    }
    plugin_.job_handlers.push_back({std::string(kind), std::move(handler)});
}

void KernelPluginContext::schedule(std::string_view kind, std::string_view payload,
                                   sdk::Timestamp run_at) {
    const auto store = current_store_();
    jobs::JobQueue queue(store->database());
    const boost::json::object job{
        {"plugin", plugin_.manifest.id}, {"kind", kind}, {"payload", payload}};
    store->database().write_transaction([&](soci::session& session) {
        queue.enqueue(session, plugin_job_kind, boost::json::serialize(job), {run_at});
    });
}

sdk::Value KernelPluginContext::setting(std::string_view name) {
    return settings_.value(plugin_.manifest.id, plugin_.manifest.settings, name);
}

}  // namespace rapport::plugins
