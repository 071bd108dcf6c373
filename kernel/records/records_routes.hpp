// The generic records API of ARCHITECTURE.md §7: list, create, get, update, delete and
// history of any entity, and the entity metadata the web UI draws forms from.
#pragma once

#include "http/router.hpp"
#include "records/caller.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

namespace rapport::records {

class RecordStore;
struct EntityDefinition;

struct RecordsRouteOptions {
    std::size_t max_import_bytes;
    std::string version;  // of the server, for the OpenAPI document
    Authenticate authenticate;
};

// The {id} path parameter of a record route; not_found (404) when it is not a positive integer.
std::int64_t record_id(const http::Request& request, const EntityDefinition& entity);

void add_records_routes(http::Router& router, RecordStore& store,
                        const RecordsRouteOptions& options);

}  // namespace rapport::records
