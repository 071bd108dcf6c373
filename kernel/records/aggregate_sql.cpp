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
    std::string order;
    for (const auto& grouping : query.group_by) {
        const FieldDefinition& field = *entity.field(grouping.field);
        const std::string expression = group_expression(dialect, field, grouping.bucket);
        add(columns, expression);
        // Groups of a field's own values are grouped and ordered by its column, qualified so
        // that it is not taken for the selected column of that name: PostgreSQL selects a
        // decimal as text, which would put 10.00 before 9.00. Date buckets are text that
        // orders as the dates do.
        const std::string key = grouping.bucket == DateBucket::none
                                    ? quoted(entity.name) + "." + quoted(field.name)
                                    : expression;
        add(groups, key);
        add(order, key + " ASC NULLS LAST");
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
        result.sql += " GROUP BY " + groups + " ORDER BY " + order;
    }
    return result;
}

}  // namespace rapport::records
