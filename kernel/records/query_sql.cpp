#include "records/query_sql.hpp"

#include "records/schema.hpp"
#include "records/sql_names.hpp"
#include "records/value_sql.hpp"

#include <rapport/sdk/error.hpp>

#include <fmt/format.h>

namespace rapport::records {
namespace {

using sdk::FieldType;

std::string_view comparison(Operator op) {
    switch (op) {
        case Operator::eq:
            return "=";
        case Operator::neq:
            return "<>";
        case Operator::gt:
            return ">";
        case Operator::gte:
            return ">=";
        case Operator::lt:
            return "<";
        case Operator::lte:
            return "<=";
        default:
            return "=";
    }
}

class WhereBuilder {
  public:
    WhereBuilder(const db::Dialect& dialect, const EntityDefinition& entity,
                 std::vector<db::SqlValue>& params)
        : dialect_(dialect), entity_(entity), params_(params) {}

    std::string condition(const Condition& condition) {
        const FieldDefinition* field = entity_.field(condition.field);
        if (field && field->computed) {
            throw sdk::Error(sdk::ErrorCode::bad_request,
                             "field '" + condition.field + "' is computed and cannot be filtered");
        }
        if (!field) {
            throw sdk::Error(sdk::ErrorCode::bad_request,
                             "unknown field '" + condition.field + "'");
        }
        std::string sql = field->type == FieldType::references
                              ? membership(*field, condition)
                              : column_condition(*field, condition);
        if (!condition.negated) {
            return sql;
        }
        // not.is.true is IS NOT TRUE, as in PostgREST: a record without a value is not true.
        if (condition.op == Operator::is_true || condition.op == Operator::is_false) {
            return "(" + quoted(field->name) + " IS NULL OR NOT (" + sql + "))";
        }
        return "NOT (" + sql + ")";
    }

  private:
    std::string placeholder(db::SqlValue value) {
        params_.push_back(std::move(value));
        return ":p" + std::to_string(params_.size());
    }

    std::string bind(const FieldDefinition& field, const sdk::Value& value) {
        return placeholder(to_sql(dialect_, field, value));
    }

    std::string column_condition(const FieldDefinition& field, const Condition& condition) {
        if (field.type == FieldType::strings || field.type == FieldType::json) {
            throw sdk::Error(sdk::ErrorCode::bad_request,
                             "field '" + field.name + "' of type " +
                                 std::string(sdk::field_type_name(field.type)) +
                                 " cannot be filtered");
        }
        const std::string column = quoted(field.name);
        switch (condition.op) {
            case Operator::is_null:
                return column + " IS NULL";
            case Operator::is_true:
                return column + " = " + bind(field, true);
            case Operator::is_false:
                return column + " = " + bind(field, false);
            case Operator::like:
            case Operator::ilike: {
                const bool case_sensitive = condition.op == Operator::like;
                const auto& pattern = std::get<std::string>(condition.values.at(0));
                return dialect_.like_condition(
                    column, placeholder(dialect_.like_pattern(pattern, case_sensitive)),
                    case_sensitive);
            }
            case Operator::in:
                return column + " IN (" + bound_list(field, condition.values) + ")";
            default:
                break;
        }
        const sdk::Value& value = condition.values.at(0);
        if (sdk::is_null(value)) {
            if (condition.op == Operator::eq || condition.op == Operator::neq) {
                return column + (condition.op == Operator::eq ? " IS NULL" : " IS NOT NULL");
            }
            throw sdk::Error(sdk::ErrorCode::bad_request,
                             "field '" + field.name + "': compare with a value");
        }
        return fmt::format("{} {} {}", column, comparison(condition.op), bind(field, value));
    }

    // A `references` field matches when one of its ids is the value (eq) or among the values (in).
    std::string membership(const FieldDefinition& field, const Condition& condition) {
        const auto join = quoted(join_table(entity_, field));
        if (condition.op == Operator::is_null) {  // an empty list is a list without a value
            return fmt::format("NOT EXISTS (SELECT 1 FROM {} j WHERE j.owner_id = {}.id)", join,
                               quoted(entity_.name));
        }
        if (condition.op != Operator::eq && condition.op != Operator::in) {
            throw sdk::Error(sdk::ErrorCode::bad_request,
                             "field '" + field.name + "' takes eq, in or is.null");
        }
        FieldDefinition id_field;
        id_field.type = FieldType::integer;
        std::string ids;
        for (const auto& value : condition.values) {
            for (const auto id : std::get<sdk::References>(value)) {
                ids += (ids.empty() ? "" : ", ") + bind(id_field, id);
            }
        }
        return fmt::format(
            "EXISTS (SELECT 1 FROM {} j WHERE j.owner_id = {}.id AND j.target_id IN ({}))", join,
            quoted(entity_.name), ids.empty() ? "NULL" : ids);
    }

    std::string bound_list(const FieldDefinition& field, const std::vector<sdk::Value>& values) {
        std::string list;
        for (const auto& value : values) {
            list += (list.empty() ? "" : ", ") + bind(field, value);
        }
        return list.empty() ? "NULL" : list;
    }

    const db::Dialect& dialect_;
    const EntityDefinition& entity_;
    std::vector<db::SqlValue>& params_;
};

// Nulls come first ascending and last descending on both backends: SQLite's native order,
// which PostgreSQL indexes declared NULLS FIRST also provide (dialect.index_columns), so an
// index on the ordered field serves the ORDER BY … LIMIT of a list. The id breaks ties in
// the direction of the last ordering, which the same index provides too.
std::string order_clause(const EntityDefinition& entity, const std::vector<Ordering>& order) {
    std::string sql;
    bool descending = false;
    for (const auto& ordering : order) {
        const FieldDefinition* field = entity.field(ordering.field);
        if (!field || !field->has_column()) {
            throw sdk::Error(sdk::ErrorCode::bad_request,
                             "cannot order by '" + ordering.field + "'");
        }
        if (field->name == "id") {
            continue;
        }
        descending = ordering.descending;
        // Qualified, so that it names the column and not the SELECT's column of that name,
        // which on PostgreSQL is a decimal's text (10.00 would come before 9.00).
        sql += fmt::format("{}{}.{} {}", sql.empty() ? "" : ", ", quoted(entity.name),
                           quoted(field->name), descending ? "DESC NULLS LAST" : "ASC NULLS FIRST");
    }
    const bool id_descending =
        order.empty() ? false : (order.back().field == "id" ? order.back().descending : descending);
    return " ORDER BY " + sql + (sql.empty() ? "" : ", ") + (id_descending ? "id DESC" : "id ASC");
}

// "SELECT <the stored fields> FROM <the table>".
std::string select_head(const db::Dialect& dialect, const EntityDefinition& entity) {
    std::string columns;
    for (const FieldDefinition* field : stored_fields(entity)) {
        columns += (columns.empty() ? "" : ", ") + select_expression(dialect, *field);
    }
    return fmt::format("SELECT {} FROM {}", columns, quoted(entity.name));
}

}  // namespace

std::vector<const FieldDefinition*> stored_fields(const EntityDefinition& entity) {
    std::vector<const FieldDefinition*> fields;
    for (const auto& field : entity.fields) {
        if (field.has_column()) {
            fields.push_back(&field);
        }
    }
    return fields;
}

std::string where_clause(const db::Dialect& dialect, const EntityDefinition& entity,
                         const std::vector<Condition>& conditions,
                         std::vector<db::SqlValue>& params) {
    WhereBuilder builder(dialect, entity, params);
    std::string sql;
    for (const auto& condition : conditions) {
        sql += (sql.empty() ? " WHERE " : " AND ") + builder.condition(condition);
    }
    return sql;
}

SelectHeads::SelectHeads(const db::Dialect& dialect, const Schema& schema) : dialect_(dialect) {
    for (const auto& entity : schema.entities()) {
        heads_.emplace(&entity, select_head(dialect, entity));
    }
}

std::string SelectHeads::of(const EntityDefinition& entity) const {
    const auto found = heads_.find(&entity);
    return found != heads_.end() ? found->second : select_head(dialect_, entity);
}

SqlQuery list_sql(const SelectHeads& heads, const EntityDefinition& entity,
                  const ListQuery& query) {
    const auto& dialect = heads.dialect();
    SqlQuery result;
    result.sql = heads.of(entity);
    result.sql += where_clause(dialect, entity, query.conditions, result.params);
    result.sql += order_clause(entity, query.order);
    result.sql += fmt::format(" LIMIT {} OFFSET {}", query.limit, query.offset);
    return result;
}

SqlQuery count_sql(const db::Dialect& dialect, const EntityDefinition& entity,
                   const ListQuery& query) {
    SqlQuery result;
    result.sql = "SELECT count(*) FROM " + quoted(entity.name) +
                 where_clause(dialect, entity, query.conditions, result.params);
    return result;
}

}  // namespace rapport::records
