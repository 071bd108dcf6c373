// The actions, event subscriptions and jobs plugins registered through the SDK: actions and
// subscriptions converted into the workflow engine's registrations: SDK records and events in,
// kernel ones out, and every handler holding its plugin (and so its library) alive.
#pragma once

#include "plugins/plugin_runtime.hpp"
#include "workflow/registrations.hpp"

#include <memory>

namespace rapport::jobs {
struct Job;
}
namespace rapport::records {
class RecordStore;
}

namespace rapport::plugins {

// `store`: the record store of the generation the registrations serve; it outlives them (both
// belong to the generation).
workflow::Registrations workflow_registrations(const ActivePlugins& plugins,
                                               records::RecordStore& store);

// The job kind of what plugins schedule; its payload: {"plugin", "kind", "payload"}.
inline constexpr const char* plugin_job_kind = "plugin";

// Runs a job a plugin scheduled with the handler the plugin registered. Throws when no running
// plugin handles it: the queue retries, and the plugin may be back by then (an upgrade).
void run_plugin_job(const ActivePlugins& plugins, const jobs::Job& job);

}  // namespace rapport::plugins
