// The checks of a CSV import that need the database, run a batch at a time where a create
// runs them per record: every reference and regarding pair names an existing record, and
// unique values are not taken, neither in the table nor by an earlier row of the same import.
#pragma once

#include "records/record_import_batch.hpp"
#include "records/record_import_lookups.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace rapport::db {
class Database;
}

namespace rapport::records {

class Schema;

class ImportChecks {
  public:
    ImportChecks(db::Database& database, const Schema& schema, const EntityDefinition& entity,
                 const ImportPlan& plan);

    // Removes the rows that fail a check, reporting each with the first problem it has.
    void drop_invalid_rows(std::vector<PendingRow>& rows, const RejectRow& reject);

  private:
    void drop_rows_with_missing_references(std::vector<PendingRow>& rows, const RejectRow& reject);
    void drop_rows_with_bad_regarding(std::vector<PendingRow>& rows, const RejectRow& reject);
    void drop_rows_breaking_uniqueness(std::vector<PendingRow>& rows, const RejectRow& reject);

    std::unordered_set<std::string> taken_keys(std::size_t column,
                                               const std::vector<PendingRow>& rows,
                                               const std::vector<std::optional<std::string>>& keys);

    db::Database& database_;
    const Schema& schema_;
    const EntityDefinition& entity_;
    const ImportPlan& plan_;
    std::vector<std::size_t> unique_columns_;
    // The entity's regarding_entity and regarding_id, when it has the pair.
    std::optional<RegardingSources> regarding_;
    // Per unique column, the values of the rows imported so far, as value_key gives them.
    std::unordered_map<std::size_t, std::unordered_set<std::string>> imported_keys_;
};

}  // namespace rapport::records
