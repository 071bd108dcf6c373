// The SQL of GET /records/{entity}/aggregate: group keys (with date buckets), count and
// sum/avg/min/max, over the same filters as a list, in one parameterised statement.
#pragma once

#include "records/query_sql.hpp"

namespace rapport::records {

// Columns: one per grouping, then count (when asked), then one per measure, in query order.
// Groups come ordered by their keys.
SqlQuery aggregate_sql(const db::Dialect& dialect, const EntityDefinition& entity,
                       const AggregateQuery& query);

}  // namespace rapport::records
