// The OpenAPI 3.0.3 description of HTTP API v1 (§7) served at GET /api/v1/openapi.json,
// generated from the live schema so every installed entity appears with its typed fields.
#pragma once

#include "records/schema.hpp"

#include <boost/json/object.hpp>

#include <string_view>

namespace rapport::records {

// Deterministic: entities in schema order, fields in entity order. `version` is the server's.
boost::json::object openapi_document(const Schema& schema, std::string_view version);

}  // namespace rapport::records
