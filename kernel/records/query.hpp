// What a read asks for, independent of HTTP and SQL: filters, order, paging, projection and
// aggregation. Every read path (get, list, aggregate, export, search, history) is expressed
// as one of these so that access rules apply in one place.
#pragma once

#include <rapport/sdk/aggregate.hpp>
#include <rapport/sdk/value.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace rapport::records {

enum class Operator { eq, neq, gt, gte, lt, lte, like, ilike, in, is_null, is_true, is_false };

struct Condition {
    std::string field;
    Operator op = Operator::eq;
    bool negated = false;            // not.{op}
    std::vector<sdk::Value> values;  // one for comparisons and like, many for in, none for is.*
};

struct Ordering {
    std::string field;
    bool descending = false;
};

inline constexpr std::size_t default_limit = 50;
inline constexpr std::size_t max_limit = 1000;

struct ListQuery {
    std::vector<std::string> select;  // empty: every field the caller may read
    std::vector<Condition> conditions;
    std::vector<Ordering> order;  // empty: by id
    std::size_t limit = default_limit;
    std::size_t offset = 0;
    bool count_total = true;  // count=none turns it off
};

// Groupings and measures are the SDK's: a plugin asks for aggregates in the same terms
// (sdk::RecordStore::aggregate).
using sdk::Aggregate;
using sdk::DateBucket;
using sdk::Grouping;
using sdk::Measure;

struct AggregateQuery {
    std::vector<Grouping> group_by;
    bool count = false;
    std::vector<Measure> measures;
    std::vector<Condition> conditions;
};

}  // namespace rapport::records
