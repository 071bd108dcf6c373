#include "plugins/plugin_workflow.hpp"

#include "jobs/job_queue.hpp"
#include "plugins/kernel_action_request.hpp"
#include "plugins/plugin_record_store.hpp"
#include "records/record_store.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <stdexcept>

namespace rapport::plugins {
namespace {

sdk::FieldMap field_map(const records::FieldValues& values) {
    sdk::FieldMap map;
    for (const auto& [field, value] : values) {
        if (!field->write_only) {
            map.emplace(field->name, value);
        }
    }
    return map;
}

sdk::Event to_sdk_event(const records::RecordEvent& event) {
    return {event.name(),
            event.action,
            event.transition,
            to_sdk_record(event.record),
            field_map(event.changes),
            field_map(event.previous),
            event.user_id};
}

}  // namespace

workflow::Registrations workflow_registrations(const ActivePlugins& plugins,
                                               records::RecordStore& store) {
    workflow::Registrations registrations;
    for (const auto& plugin : plugins) {
        const std::string owner = "plugin " + plugin->manifest.id;
        for (const auto& action : plugin->actions) {
            registrations.actions.push_back(
                {action.entity, action.name, owner,
                 [plugin, &store, &action](
                     const workflow::ActionCall& call) -> std::optional<workflow::CreatedRef> {
                     KernelActionRequest request(call.caller, call.record, call.params, store);
                     auto created = action.handler(request);
                     if (!created) {
                         return std::nullopt;
                     }
                     return workflow::CreatedRef{created->entity, created->id};
                 }});
        }
        for (const auto& subscription : plugin->subscriptions) {
            registrations.subscriptions.push_back(
                {subscription.event, owner, subscription.before_commit,
                 [plugin, &subscription](const records::RecordEvent& event) {
                     subscription.handler(to_sdk_event(event));
                 }});
        }
    }
    return registrations;
}

void run_plugin_job(const ActivePlugins& plugins, const jobs::Job& job) {
    const auto payload = boost::json::parse(job.payload).as_object();
    const std::string_view id = payload.at("plugin").as_string();
    const std::string_view kind = payload.at("kind").as_string();
    for (const auto& plugin : plugins) {
        if (plugin->manifest.id != id) {
            continue;
        }
        for (const auto& handler : plugin->job_handlers) {
            if (handler.kind == kind) {
                handler.handler(std::string_view(payload.at("payload").as_string()));
                return;
            }
        }
    }
    throw std::runtime_error(fmt::format("no running plugin {} handles jobs of kind {}", id, kind));
}

}  // namespace rapport::plugins
