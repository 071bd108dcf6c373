#include "records/value_sql.hpp"

#include "db/database_error.hpp"
#include "records/sql_names.hpp"

#include <boost/json.hpp>

namespace rapport::records {
namespace {

using sdk::FieldType;

std::string strings_to_json(const sdk::Strings& strings) {
    boost::json::array array;
    for (const auto& text : strings) {
        array.emplace_back(text);
    }
    return boost::json::serialize(array);
}

sdk::Strings strings_from_json(const std::string& text) {
    sdk::Strings strings;
    const boost::json::value parsed = boost::json::parse(text);
    for (const auto& item : parsed.as_array()) {
        strings.emplace_back(item.as_string());
    }
    return strings;
}

[[noreturn]] void unreadable(const FieldDefinition& field, const std::string& text) {
    throw db::DatabaseError("stored value '" + text + "' of field " + field.name +
                            " is not a valid " + std::string(sdk::field_type_name(field.type)));
}

}  // namespace

std::string typed_select(const db::Dialect& dialect, const FieldDefinition& field,
                         std::string_view expression) {
    switch (field.type) {
        case FieldType::decimal:
        case FieldType::money:
        case FieldType::percent:
            return dialect.decimal_select(expression);
        case FieldType::boolean:
            return dialect.boolean_select(expression);
        case FieldType::date:
            return dialect.date_select(expression);
        case FieldType::datetime:
            return dialect.timestamp_select(expression);
        default:
            return std::string(expression);
    }
}

std::string select_expression(const db::Dialect& dialect, const FieldDefinition& field) {
    const std::string column = quoted(field.name);
    return typed_select(dialect, field, column);
}

db::SqlValue to_sql(const db::Dialect& dialect, const FieldDefinition& field,
                    const sdk::Value& value) {
    return std::visit(
        [&](const auto& v) -> db::SqlValue {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::monostate>) {
                return std::monostate{};
            } else if constexpr (std::is_same_v<T, bool>) {
                return v ? 1LL : 0LL;
            } else if constexpr (std::is_same_v<T, std::int64_t>) {
                return static_cast<long long>(v);
            } else if constexpr (std::is_same_v<T, sdk::Decimal>) {
                return dialect.decimal_value(v.rescaled(field.scale).value_or(v));
            } else if constexpr (std::is_same_v<T, std::string>) {
                return v;
            } else if constexpr (std::is_same_v<T, sdk::Date>) {
                return v.to_string();
            } else if constexpr (std::is_same_v<T, sdk::Timestamp>) {
                return dialect.timestamp_value(v);
            } else if constexpr (std::is_same_v<T, sdk::Strings>) {
                return strings_to_json(v);
            } else if constexpr (std::is_same_v<T, sdk::Json>) {
                return v.text;
            } else {
                throw std::logic_error("field " + field.name +
                                       ": references are stored in a join table");
            }
        },
        value);
}

sdk::Value from_sql(const db::Dialect& dialect, const FieldDefinition& field,
                    const db::SqlValue& value) {
    if (db::is_null(value)) {
        return std::monostate{};
    }
    switch (field.type) {
        case FieldType::integer:
        case FieldType::reference:
            return static_cast<std::int64_t>(db::as_integer(value));
        case FieldType::decimal:
        case FieldType::money:
        case FieldType::percent:
            return dialect.decimal_from(value, field.scale);
        case FieldType::boolean:
            return db::as_integer(value) != 0;
        case FieldType::date: {
            const std::string text = db::as_text(value);
            if (auto date = sdk::Date::parse(text)) {
                return *date;
            }
            unreadable(field, text);
        }
        case FieldType::datetime: {
            const std::string text = db::as_text(value);
            if (auto timestamp = sdk::Timestamp::parse(text)) {
                return *timestamp;
            }
            unreadable(field, text);
        }
        case FieldType::strings:
            return strings_from_json(db::as_text(value));
        case FieldType::json:
            return sdk::Json{db::as_text(value)};
        case FieldType::references:
            throw std::logic_error("references are read from their join table");
        default:
            return db::as_text(value);
    }
}

}  // namespace rapport::records
