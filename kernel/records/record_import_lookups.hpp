// Lookups of many values at once for an import batch, 500 values a statement: its checks
// (records/record_import_checks.hpp) run them before the batch is written, and on SQLite its
// writer (records/record_import_writer.hpp) again inside the batch's transaction.
#pragma once

#include "db/sql_value.hpp"
#include "records/record_import_batch.hpp"

#include <rapport/sdk/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

namespace soci {
class session;
}

namespace rapport::records {

// The first column of the rows that `select` ("SELECT x FROM t WHERE c") finds with c among
// `values`; `lock` (a row lock of db::Dialect) ends each statement.
std::vector<db::SqlValue> select_matching(soci::session& session, const std::string& select,
                                          const std::vector<db::SqlValue>& values,
                                          std::string_view lock = {});

// Which of `ids` name a record of `entity`; with `lock`, those found stay locked until the
// transaction ends.
std::unordered_set<std::int64_t> existing_ids(soci::session& session, const std::string& entity,
                                              const std::vector<db::SqlValue>& ids,
                                              std::string_view lock = {});

// The ids the rows' values from `source` name, sorted, each once.
std::vector<db::SqlValue> distinct_referenced_ids(const std::vector<PendingRow>& rows,
                                                  const FieldSource& source);

// Where the rows' regarding_entity and regarding_id are, when the entity has the pair
// (records/record_validation.hpp).
struct RegardingSources {
    FieldSource entity;
    FieldSource id;
};
std::optional<RegardingSources> regarding_sources(const EntityDefinition& entity,
                                                  const ImportPlan& plan);

// Per regarded entity, the ids the rows' pairs name, sorted, each once; empty pairs are left
// out. The pairs must have passed the import's checks: each names an entity of the schema.
std::vector<std::pair<std::string, std::vector<db::SqlValue>>> distinct_regarded_ids(
    const std::vector<PendingRow>& rows, const RegardingSources& regarding);

}  // namespace rapport::records
