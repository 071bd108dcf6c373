// The HTTP side of actions (ARCHITECTURE.md §7): running one on a record, and listing those a
// record offers the caller now.
#pragma once

#include "http/router.hpp"
#include "records/caller.hpp"

namespace rapport::records {
class RecordStore;
}

namespace rapport::workflow {

class WorkflowEngine;

// POST /api/v1/records/{entity}/{id}/actions/{action}   → {"record", "created"}
// GET  /api/v1/records/{entity}/{id}/actions            → {"items": [{"name", "label", "to"}]}
void add_action_routes(http::Router& router, records::RecordStore& store, WorkflowEngine& engine,
                       records::Authenticate authenticate);

}  // namespace rapport::workflow
