// The actions and event subscriptions plugins registered through the SDK, converted into the
// workflow engine's registrations: SDK records and events in, kernel ones out, and every
// handler holding its plugin (and so its library) alive.
#pragma once

#include "plugins/plugin_runtime.hpp"
#include "workflow/registrations.hpp"

#include <memory>

namespace rapport::records {
class RecordStore;
}

namespace rapport::plugins {

// `store`: the record store of the generation the registrations serve; it outlives them (both
// belong to the generation).
workflow::Registrations workflow_registrations(const ActivePlugins& plugins,
                                               records::RecordStore& store);

}  // namespace rapport::plugins
