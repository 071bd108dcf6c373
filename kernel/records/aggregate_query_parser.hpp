// The query string of GET /api/v1/records/{entity}/aggregate (§7) read into an AggregateQuery:
// group_by with date buckets, count, sum/avg/min/max and the same field filters as a list.
#pragma once

#include "records/entity_definition.hpp"
#include "records/filter_parser.hpp"
#include "records/query.hpp"

#include <rapport/sdk/aggregate.hpp>

#include <string_view>

namespace rapport::records {

// Without measures the query counts (count is then true). Throws sdk::Error(bad_request,
// "invalid query") with one FieldError per problem, all at once.
AggregateQuery parse_aggregate_query(const EntityDefinition& entity, const QueryParams& params);
// The same query asked by code (sdk::RecordStore::aggregate), its filters in the list API's
// syntax: checked as the query string is, problems reported under the same parameter names.
AggregateQuery parse_aggregate_query(const EntityDefinition& entity,
                                     const sdk::AggregateQuery& query);

// The parameter that asks for a measure: "sum", "avg", "min" or "max".
std::string_view aggregate_name(Aggregate function);

}  // namespace rapport::records
