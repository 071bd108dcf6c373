// Entity metadata as JSON for GET /api/v1/meta/entities: fields with their types and options,
// which the web UI builds lists and forms from.
#pragma once

#include "records/entity_definition.hpp"

#include <boost/json/object.hpp>

namespace rapport::records {

boost::json::object entity_to_json(const EntityDefinition& entity);
// One field: name, label, type and the options a form needs (values, to, default, min, max).
boost::json::object field_to_json(const FieldDefinition& field);

}  // namespace rapport::records
