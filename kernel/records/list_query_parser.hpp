// The query string of GET /api/v1/records/{entity} (§7) read into a ListQuery: select, order,
// limit, offset, count and field filters. Pure: access rules are applied by the caller.
#pragma once

#include "records/entity_definition.hpp"
#include "records/filter_parser.hpp"
#include "records/query.hpp"

namespace rapport::records {

// Throws sdk::Error(bad_request, "invalid query") with one FieldError per problem, all at once.
ListQuery parse_list_query(const EntityDefinition& entity, const QueryParams& params);

}  // namespace rapport::records
