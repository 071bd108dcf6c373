// The record views plugins registered (sdk::PluginContext::add_record_view), served under
// /api/v1/records/{entity}/{id}/{name} for signed-in callers who may read the record.
#pragma once

#include "http/router.hpp"
#include "plugins/plugin_runtime.hpp"
#include "records/caller.hpp"

namespace rapport::records {
class RecordStore;
}

namespace rapport::plugins {

void add_record_view_routes(http::Router& router, const ActivePlugins& plugins,
                            records::RecordStore& store, records::Authenticate authenticate);

}  // namespace rapport::plugins
