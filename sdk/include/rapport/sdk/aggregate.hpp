// Aggregates as a plugin asks for them (RecordStore::aggregate): groups by fields and date
// buckets, a count and sum/avg/min/max of fields, as GET /api/v1/records/{entity}/aggregate.
#pragma once

#include <rapport/sdk/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace rapport::sdk {

enum class DateBucket { none, day, week, month, year };
enum class Aggregate { sum, avg, min, max };

// One group key: a field, or with a bucket the day, week, month or year a date or datetime
// field falls in. Lists, JSON and long text cannot be grouped by.
struct Grouping {
    std::string field;
    DateBucket bucket = DateBucket::none;
};

// sum and avg take integer, decimal, money and percent fields; min and max also dates and
// datetimes.
struct Measure {
    Aggregate function = Aggregate::sum;
    std::string field;
};

struct AggregateQuery {
    std::vector<Grouping> group_by;  // none: one group of every record selected
    bool count = false;              // a query without measures counts anyway
    std::vector<Measure> measures;
    // Filters in the list API's syntax, as RecordStore::list takes them:
    // {{"stage", "in.(won,lost)"}, {"expected_close_date", "gte.2026-01-01"}}.
    std::vector<std::pair<std::string, std::string>> filters;
};

// One group. Groups come ordered by their keys, ascending, nulls last.
struct AggregateRow {
    // Per grouping, in query order: the field's value, typed as in a record (null for the
    // records without one); for a bucket its text: "2026-11-22" (day), "2026-11-16" (week: its
    // Monday), "2026-11" (month), "2026" (year).
    std::vector<Value> keys;
    std::optional<std::int64_t> count;  // when counted
    // Per measure, in query order: sum and avg as a Decimal at the field's scale (an int64 for
    // integer fields; averages rounded half away from zero), min and max typed like the field;
    // null when no record of the group has a value.
    std::vector<Value> measures;
};

}  // namespace rapport::sdk
