// The query string of GET /api/v1/records/{entity}/aggregate (§7) read into an AggregateQuery:
// group_by with date buckets, count, sum/avg/min/max and the same field filters as a list.
#pragma once

#include "records/entity_definition.hpp"
#include "records/filter_parser.hpp"
#include "records/query.hpp"

namespace rapport::records {

// Without measures the query counts (count is then true). Throws sdk::Error(bad_request,
// "invalid query") with one FieldError per problem, all at once.
AggregateQuery parse_aggregate_query(const EntityDefinition& entity, const QueryParams& params);

}  // namespace rapport::records
