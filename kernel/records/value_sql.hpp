// Field values across the SQL boundary: the expression that selects a field, the parameter
// a value binds as, and the value a selected column reads back as. Built on the dialect,
// so money never passes through a double and times compare the same on both backends.
#pragma once

#include "db/dialect.hpp"
#include "db/sql_value.hpp"
#include "records/entity_definition.hpp"

#include <rapport/sdk/value.hpp>

#include <string>

namespace rapport::records {

// The select-list expression for a stored field (not for `references`).
std::string select_expression(const db::Dialect& dialect, const FieldDefinition& field);
// The same for any SQL expression whose values have the field's type (min(...), max(...)).
std::string typed_select(const db::Dialect& dialect, const FieldDefinition& field,
                         std::string_view expression);
db::SqlValue to_sql(const db::Dialect& dialect, const FieldDefinition& field,
                    const sdk::Value& value);
// Throws DatabaseError when the stored value does not fit the field.
sdk::Value from_sql(const db::Dialect& dialect, const FieldDefinition& field,
                    const db::SqlValue& value);

}  // namespace rapport::records
