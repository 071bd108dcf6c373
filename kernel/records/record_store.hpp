// The record store: creates, reads, updates and deletes records of any entity in the schema,
// validating values, keeping references intact and writing the audit trail in the same
// transaction. Every read goes through one query path (list_sql/where_clause), the place
// where access rules filter what a caller may see.
#pragma once

#include "records/audit_log.hpp"
#include "records/query.hpp"
#include "records/record.hpp"
#include "records/record_import.hpp"
#include "records/schema.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

namespace rapport::db {
class Database;
}

namespace rapport::records {

// Who asks. The identity module adds roles and team; for now a user id when known.
struct Caller {
    std::optional<std::int64_t> user_id;
};

struct ListResult {
    std::vector<Record> items;
    std::optional<std::int64_t> total;  // when the query asked for it
};

struct AggregateRow {
    std::vector<sdk::Value> keys;  // per grouping: the field's value, or the bucket's text
    std::optional<std::int64_t> count;
    std::vector<sdk::Value> measures;  // per measure, typed like its field
};

class RecordStore {
  public:
    RecordStore(db::Database& database, std::shared_ptr<const Schema> schema);

    const Schema& schema() const { return *schema_; }
    // Throws sdk::Error(not_found) for an entity the schema does not have.
    const EntityDefinition& entity(std::string_view name) const;

    // Throws sdk::Error: validation_failed (422) with a detail per field.
    Record create(const Caller& caller, const EntityDefinition& entity, FieldValues values);
    // Throws sdk::Error(not_found).
    Record get(const Caller& caller, const EntityDefinition& entity, std::int64_t id);
    // Only the given fields change; a stale `expected_version` is precondition_failed (412).
    Record update(const Caller& caller, const EntityDefinition& entity, std::int64_t id,
                  const FieldValues& changes, std::optional<std::int64_t> expected_version);
    // A record other records still refer to (restrict) is a conflict (409) naming them.
    void remove(const Caller& caller, const EntityDefinition& entity, std::int64_t id);

    ListResult list(const Caller& caller, const EntityDefinition& entity, const ListQuery& query);
    std::vector<AggregateRow> aggregate(const Caller& caller, const EntityDefinition& entity,
                                        const AggregateQuery& query);
    // Creates a record per valid CSV row; see record_import.hpp.
    ImportResult import_csv(const Caller& caller, const EntityDefinition& entity,
                            std::string_view csv);

    // Records of every searchable entity matching all words of `text` as prefixes, best first.
    std::vector<Record> search(const Caller& caller, std::string_view text, std::size_t limit);
    std::vector<AuditEntry> history(const Caller& caller, const EntityDefinition& entity,
                                    std::int64_t id);

  private:
    db::Database& database_;
    std::shared_ptr<const Schema> schema_;
};

}  // namespace rapport::records
