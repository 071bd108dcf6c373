// Lookups of many values at once for an import batch, 500 values a statement: its checks
// (records/record_import_checks.hpp) run them before the batch is written, and on SQLite its
// writer (records/record_import_writer.hpp) again inside the batch's transaction.
#pragma once

#include "db/sql_value.hpp"
#include "records/record_import_batch.hpp"

#include <rapport/sdk/value.hpp>

#include <cstdint>
#include <span>
#include <string>
#include <unordered_set>
#include <vector>

namespace soci {
class session;
}

namespace rapport::records {

// The first column of the rows that `select` ("SELECT x FROM t WHERE c") finds with c among
// `values`.
std::vector<db::SqlValue> select_matching(soci::session& session, const std::string& select,
                                          const std::vector<db::SqlValue>& values);

// Which of `ids` name a record of `entity`.
std::unordered_set<std::int64_t> existing_ids(soci::session& session, const std::string& entity,
                                              const std::vector<db::SqlValue>& ids);

// The ids a reference or references value names.
std::span<const std::int64_t> referenced_ids(const sdk::Value& value);

// The ids the rows' values from `source` name, sorted, each once.
std::vector<db::SqlValue> distinct_referenced_ids(const std::vector<PendingRow>& rows,
                                                  const FieldSource& source);

}  // namespace rapport::records
