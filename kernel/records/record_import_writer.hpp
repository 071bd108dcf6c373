// Writing the checked rows of a CSV import: each batch in one transaction with its records,
// reference lists, audit entries ("created", one per record) and search index rows, through
// the backend's fast path (records/record_import.hpp). Batches are written on threads of
// their own, so that the next batch is read and checked meanwhile.
#pragma once

#include "db/database.hpp"
#include "db/sql_value.hpp"
#include "records/record.hpp"
#include "records/record_import_batch.hpp"
#include "records/record_import_lookups.hpp"

#include <array>
#include <cstddef>
#include <deque>
#include <future>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace soci {
class session;
}

namespace rapport::records {

struct Caller;

class ImportWriter final : public ImportSink {
  public:
    ImportWriter(db::Database& database, const EntityDefinition& entity, const Caller& caller,
                 const ImportPlan& plan);
    // Waits for the batches still being written (their outcome is lost: finish() reports it).
    ~ImportWriter() override = default;
    ImportWriter(const ImportWriter&) = delete;
    ImportWriter& operator=(const ImportWriter&) = delete;

    // Starts writing rows that passed every check, after waiting while the backend's number
    // of concurrent writers (one on SQLite, two on PostgreSQL) are busy.
    void write(std::vector<PendingRow> rows) override;
    std::size_t finish() override;

  private:
    // A batch with every value in its stored form; ids are reserved when it is written.
    struct Batch {
        std::size_t rows = 0;
        std::vector<db::SqlValue> records;   // record_columns_ per row, the id first
        std::vector<db::SqlValue> audits;    // audit_columns per row, the record id second
        std::vector<std::string> documents;  // a search document per row when searchable
        // Per links_ entry, (row, target, position) of every join row.
        std::vector<std::vector<std::array<long long, 3>>> links;
        // What the batch looks up itself, inside its transaction: per entity, the distinct ids
        // the rows refer to. On SQLite every reference's (see write_size_); on both backends
        // the regarding pair's, which no foreign key checks.
        std::vector<std::pair<std::string, std::vector<db::SqlValue>>> referenced;
    };

    Batch prepare(std::vector<PendingRow> rows);
    void add_values(Batch& batch, const PendingRow& row, const db::SqlValue& now);
    void add_links(Batch& batch, std::size_t r, const PendingRow& row) const;
    void add_referenced_ids(Batch& batch, const std::vector<PendingRow>& rows) const;
    void require_referenced_records(soci::session& session, const Batch& batch) const;
    std::string document_of(const PendingRow& row);
    db::SqlValue owner_of(const PendingRow& row) const;
    std::size_t write_batch(Batch& batch) const;
    void write_links(soci::session& session, const Batch& batch,
                     const std::vector<long long>& ids) const;
    void write_search_rows(soci::session& session, Batch& batch,
                           const std::vector<long long>& ids) const;
    void wait_for_oldest();

    // Column values then defaults, in plan order.
    template <typename Visit>
    void for_each_value(const PendingRow& row, Visit visit) const {
        for (std::size_t i = 0; i < plan_.columns.size(); ++i) {
            visit(*plan_.columns[i], row.values[i]);
        }
        for (const auto* field : plan_.defaulted) {
            visit(*field, field->default_value);
        }
    }

    db::Database& database_;
    const db::Dialect& dialect_;
    const EntityDefinition& entity_;
    const ImportPlan& plan_;
    const db::SqlValue user_;
    const bool searchable_;
    std::vector<std::string> record_columns_;
    // The written fields that refer to records, and among them the lists (join rows).
    struct Reference {
        const FieldDefinition* field;
        FieldSource source;
    };
    std::vector<Reference> references_;
    std::vector<Reference> links_;
    std::optional<FieldSource> owner_source_;  // of the entity's owner_field, when it has one
    std::optional<RegardingSources> regarding_;
    Record document_record_;  // reused to build search documents
    // On SQLite the batch looks up what its rows refer to itself, inside its transaction,
    // where SQLite would look up each row's (db::WriteSize::bulk_with_own_reference_checks).
    const db::WriteSize write_size_;
    std::size_t concurrent_writers_;
    std::size_t written_ = 0;
    std::deque<std::future<std::size_t>> writing_;
};

}  // namespace rapport::records
