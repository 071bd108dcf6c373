#include "records/aggregate_sql.hpp"

#include "records/sql_names.hpp"
#include "records/value_sql.hpp"

#include <fmt/format.h>

namespace rapport::records {
namespace {

using sdk::FieldType;

db::Dialect::Bucket dialect_bucket(DateBucket bucket) {
    switch (bucket) {
        case DateBucket::day:
            return db::Dialect::Bucket::day;
        case DateBucket::week:
            return db::Dialect::Bucket::week;
        case DateBucket::month:
            return db::Dialect::Bucket::month;
        default:
            return db::Dialect::Bucket::year;
    }
}

std::string group_expression(const db::Dialect& dialect, const FieldDefinition& field,
                             DateBucket bucket) {
    if (bucket == DateBucket::none) {
        return select_expression(dialect, field);
    }
    return dialect.date_bucket(quoted(field.name), dialect_bucket(bucket),
                               field.type == FieldType::datetime);
}

std::string measure_expression(const db::Dialect& dialect, const FieldDefinition& field,
                               Aggregate function) {
    const std::string column = quoted(field.name);
    switch (function) {
        // Sums of integers come back as NUMERIC on PostgreSQL: read them as text like decimals.
        case Aggregate::sum:
            return dialect.decimal_select("sum(" + column + ")");
        // Averages are rounded to the field's scale (whole numbers for integers).
        case Aggregate::avg:
            return dialect.decimal_average(column, field.scale);
        case Aggregate::min:
            return typed_select(dialect, field, "min(" + column + ")");
        case Aggregate::max:
            break;
    }
    return typed_select(dialect, field, "max(" + column + ")");
}

}  // namespace

SqlQuery aggregate_sql(const db::Dialect& dialect, const EntityDefinition& entity,
                       const AggregateQuery& query) {
    SqlQuery result;
    std::string columns;
    std::string groups;
    const auto add = [](std::string& list, const std::string& item) {
        list += (list.empty() ? "" : ", ") + item;
    };
    for (const auto& grouping : query.group_by) {
        const std::string expression =
            group_expression(dialect, *entity.field(grouping.field), grouping.bucket);
        add(columns, expression);
        add(groups, expression);
    }
    if (query.count) {
        add(columns, "count(*)");
    }
    for (const auto& measure : query.measures) {
        add(columns, measure_expression(dialect, *entity.field(measure.field), measure.function));
    }
    result.sql = fmt::format("SELECT {} FROM {}", columns, quoted(entity.name)) +
                 where_clause(dialect, entity, query.conditions, result.params);
    if (!groups.empty()) {
        std::string order;
        for (std::size_t i = 1; i <= query.group_by.size(); ++i) {
            add(order, std::to_string(i) + " ASC NULLS LAST");
        }
        result.sql += " GROUP BY " + groups + " ORDER BY " + order;
    }
    return result;
}

}  // namespace rapport::records
