// The views plugins registered: of one record (add_record_view), served under
// /api/v1/records/{entity}/{id}/{name} to signed-in callers who may read the record, and of an
// entity (add_entity_view) under /api/v1/records/{entity}/{name} to those who may read it.
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
