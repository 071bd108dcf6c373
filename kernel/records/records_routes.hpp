// The generic records API of ARCHITECTURE.md §7: list, create, get, update, delete and
// history of any entity, and the entity metadata the web UI draws forms from.
#pragma once

#include "http/router.hpp"

namespace rapport::records {

class RecordStore;

void add_records_routes(http::Router& router, RecordStore& store);

}  // namespace rapport::records
