// Builds the parameterised SQL of reads from a query: every value is a bound parameter,
// every identifier comes from the schema.
#pragma once

#include "db/dialect.hpp"
#include "db/sql_value.hpp"
#include "records/entity_definition.hpp"
#include "records/query.hpp"

#include <string>
#include <unordered_map>
#include <vector>

namespace rapport::records {

class Schema;

struct SqlQuery {
    std::string sql;
    std::vector<db::SqlValue> params;
};

// The stored fields of an entity in its order (every field with a column: not `references`,
// not computed).
std::vector<const FieldDefinition*> stored_fields(const EntityDefinition& entity);

// " WHERE …" for the conditions (empty when there are none); values go to `params`.
// Throws sdk::Error(bad_request) for a condition the field's type cannot take.
std::string where_clause(const db::Dialect& dialect, const EntityDefinition& entity,
                         const std::vector<Condition>& conditions,
                         std::vector<db::SqlValue>& params);

// "SELECT <the stored fields> FROM <the table>" of each entity of a schema, written once:
// writing the column list again for every read took a twentieth of a GET by id.
class SelectHeads {
  public:
    SelectHeads(const db::Dialect& dialect, const Schema& schema);

    const db::Dialect& dialect() const { return dialect_; }
    // Written on the spot for an entity that is not the schema's.
    std::string of(const EntityDefinition& entity) const;

  private:
    const db::Dialect& dialect_;
    // The schema outlives these: its entities stay where they are.
    std::unordered_map<const EntityDefinition*, std::string> heads_;
};

// SELECT of the stored fields with the query's filters, order (then id), limit and offset.
SqlQuery list_sql(const SelectHeads& heads, const EntityDefinition& entity, const ListQuery& query);
// SELECT count(*) with the query's filters.
SqlQuery count_sql(const db::Dialect& dialect, const EntityDefinition& entity,
                   const ListQuery& query);

}  // namespace rapport::records
