#include "records/record_import_writer.hpp"

#include "db/bulk_insert.hpp"
#include "db/database.hpp"
#include "db/database_error.hpp"
#include "db/statement.hpp"
#include "records/caller.hpp"
#include "records/record_import_lookups.hpp"
#include "records/record_json.hpp"
#include "records/search_index.hpp"
#include "records/sql_names.hpp"
#include "records/value_sql.hpp"

#include <rapport/sdk/error.hpp>

#include <boost/json.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <iterator>

namespace rapport::records {
namespace {

using sdk::FieldType;

constexpr int default_automerge = 4;
constexpr int bulk_automerge = 16;

void set_search_automerge(soci::session& session, int segments) {
    db::execute(session,
                "INSERT INTO rapport_search (rapport_search, rank) VALUES ('automerge', :n)",
                {static_cast<long long>(segments)});
}

// A record the batch refers to is gone: deleted since the batch's checks looked it up.
sdk::Error deleted_during_import(const std::string& record) {
    return {sdk::ErrorCode::conflict,
            record +
                " was deleted while the import ran: the batch of rows referring to it was "
                "not written and the import stopped; batches already written stay"};
}

const std::vector<std::string> audit_columns{"entity", "record_id", "action",
                                             "at",     "user_id",   "changes"};

db::SqlValue user_value(const Caller& caller) {
    return caller.user_id ? db::SqlValue{static_cast<long long>(*caller.user_id)} : db::SqlValue{};
}

}  // namespace

ImportWriter::ImportWriter(db::Database& database, const EntityDefinition& entity,
                           const Caller& caller, const ImportPlan& plan)
    : database_(database)
    , dialect_(database.dialect())
    , entity_(entity)
    , plan_(plan)
    , user_(user_value(caller))
    , searchable_(is_searchable(entity))
    , record_columns_{"id", "created_at", "updated_at", "created_by", "owner_id", "version"}
    , document_record_{&entity, std::vector<sdk::Value>(entity.fields.size())}
    , write_size_(database.backend() == db::Backend::sqlite
                      ? db::WriteSize::bulk_with_own_reference_checks
                      : db::WriteSize::bulk)
    , concurrent_writers_(database.backend() == db::Backend::postgresql ? 2 : 1) {
    for (const auto* field : plan_.reference_fields()) {
        references_.push_back({field, plan_.source_of(*field)});
    }
    std::copy_if(
        references_.begin(), references_.end(), std::back_inserter(links_),
        [](const Reference& reference) { return reference.field->type == FieldType::references; });
    for (const auto& fields : {plan_.columns, plan_.defaulted}) {
        for (const auto* field : fields) {
            if (field->type != FieldType::references) {
                record_columns_.push_back(quoted(field->name));
            }
        }
    }
    if (const auto* owner = entity_.field(entity_.owner_field)) {
        owner_source_ = plan_.source_of(*owner);
    }
    regarding_ = regarding_sources(entity_, plan_);
}

void ImportWriter::write(std::vector<PendingRow> rows) {
    if (rows.empty()) {
        return;
    }
    auto batch = prepare(std::move(rows));
    while (writing_.size() >= concurrent_writers_) {
        wait_for_oldest();
    }
    writing_.push_back(std::async(std::launch::async, [this, batch = std::move(batch)]() mutable {
        return write_batch(batch);
    }));
}

std::size_t ImportWriter::finish() {
    while (!writing_.empty()) {
        wait_for_oldest();
    }
    return written_;
}

void ImportWriter::wait_for_oldest() {
    auto oldest = std::move(writing_.front());
    writing_.pop_front();
    written_ += oldest.get();
}

// Everything but the ids, on the reading thread: the writer then only binds and sends.
ImportWriter::Batch ImportWriter::prepare(std::vector<PendingRow> rows) {
    Batch batch;
    batch.rows = rows.size();
    batch.records.reserve(rows.size() * record_columns_.size());
    batch.audits.reserve(rows.size() * audit_columns.size());
    batch.links.resize(links_.size());
    const auto now = dialect_.timestamp_value(sdk::Timestamp::now());
    for (std::size_t r = 0; r < rows.size(); ++r) {
        add_values(batch, rows[r], now);
        add_links(batch, r, rows[r]);
        if (searchable_) {
            batch.documents.push_back(document_of(rows[r]));
        }
    }
    add_referenced_ids(batch, rows);
    return batch;
}

void ImportWriter::add_referenced_ids(Batch& batch, const std::vector<PendingRow>& rows) const {
    if (write_size_ == db::WriteSize::bulk_with_own_reference_checks) {
        for (const auto& [field, source] : references_) {
            batch.referenced.emplace_back(field->target, distinct_referenced_ids(rows, source));
        }
    }
    if (regarding_) {
        auto regarded = distinct_regarded_ids(rows, *regarding_);
        std::move(regarded.begin(), regarded.end(), std::back_inserter(batch.referenced));
    }
}

// The batch's checks found every record its rows refer to before it waited for the write lock;
// a delete may have come in between. Like a foreign key's failure, a missing one fails the
// batch, which then writes nothing. On PostgreSQL those found stay locked until the batch
// commits, as a foreign key's check locks them: a delete waits for the batch, then takes along
// or clears its records (records/record_removal.hpp).
void ImportWriter::require_referenced_records(soci::session& session, const Batch& batch) const {
    for (const auto& [target, ids] : batch.referenced) {
        const auto found = existing_ids(session, target, ids, dialect_.for_key_share());
        if (found.size() == ids.size()) {  // ids are distinct: all there, the usual case
            continue;
        }
        const auto missing = std::find_if(ids.begin(), ids.end(), [&](const db::SqlValue& id) {
            return !found.contains(db::as_integer(id));
        });
        if (missing != ids.end()) {
            throw deleted_during_import(fmt::format("{} {}", target, db::as_integer(*missing)));
        }
    }
}

void ImportWriter::add_links(Batch& batch, std::size_t r, const PendingRow& row) const {
    for (std::size_t l = 0; l < links_.size(); ++l) {
        const auto* targets = std::get_if<sdk::References>(&links_[l].source.of(row));
        for (std::size_t position = 0; targets && position < targets->size(); ++position) {
            batch.links[l].push_back({static_cast<long long>(r), (*targets)[position],
                                      static_cast<long long>(position)});
        }
    }
}

std::string ImportWriter::document_of(const PendingRow& row) {
    std::fill(document_record_.values.begin(), document_record_.values.end(), sdk::Value{});
    for_each_value(row, [&](const FieldDefinition& field, const sdk::Value& value) {
        document_record_.values[static_cast<std::size_t>(&field - entity_.fields.data())] = value;
    });
    return search_document(document_record_);
}

// The record's row and its audit entry, both waiting for the id.
void ImportWriter::add_values(Batch& batch, const PendingRow& row, const db::SqlValue& now) {
    batch.records.insert(batch.records.end(), {{}, now, now, user_, owner_of(row), 1LL});
    boost::json::object changes;
    for_each_value(row, [&](const FieldDefinition& field, const sdk::Value& value) {
        if (field.type != FieldType::references) {
            batch.records.push_back(to_sql(dialect_, field, value));
        }
        if (!sdk::is_null(value)) {
            changes[field.name] = boost::json::array{nullptr, value_to_json(field, value)};
        }
    });
    batch.audits.insert(
        batch.audits.end(),
        {entity_.name, {}, std::string("created"), now, user_, boost::json::serialize(changes)});
}

// owner_id: the user the row's owner_field names, else the importer (records/record_owner.hpp).
db::SqlValue ImportWriter::owner_of(const PendingRow& row) const {
    if (owner_source_) {
        if (const auto* owner = std::get_if<std::int64_t>(&owner_source_->of(row))) {
            return static_cast<long long>(*owner);
        }
    }
    return user_;
}

// On a thread of its own: nothing here touches the reading thread's state.
// PostgreSQL's foreign keys fail the batch where SQLite's writer finds a referenced record gone
// itself.
std::size_t ImportWriter::write_batch(Batch& batch) const try {
    database_.write_transaction(
        [&](soci::session& session) {
            require_referenced_records(session, batch);
            const auto ids = db::reserve_ids(session, dialect_, quoted(entity_.name), batch.rows);
            for (std::size_t r = 0; r < batch.rows; ++r) {
                batch.records[r * record_columns_.size()] = ids[r];
                batch.audits[r * audit_columns.size() + 1] = ids[r];
            }
            db::bulk_insert(session, dialect_, quoted(entity_.name), record_columns_,
                            batch.records);
            write_links(session, batch, ids);
            db::bulk_insert(session, dialect_, "rapport_audit", audit_columns, batch.audits);
            if (searchable_) {
                write_search_rows(session, batch, ids);
            }
        },
        write_size_);
    return batch.rows;
} catch (const db::DatabaseError& error) {
    if (db::violates_foreign_key(error)) {
        throw deleted_during_import("a record the rows refer to");
    }
    if (db::violates_unique(error)) {
        throw sdk::Error(sdk::ErrorCode::conflict,
                         "another write took a unique value of this batch while the import ran: "
                         "the batch was not written and the import stopped; batches already "
                         "written stay");
    }
    throw;
}

void ImportWriter::write_links(soci::session& session, const Batch& batch,
                               const std::vector<long long>& ids) const {
    std::vector<db::SqlValue> rows;
    for (std::size_t l = 0; l < links_.size(); ++l) {
        rows.clear();
        for (const auto& [row, target, position] : batch.links[l]) {
            rows.insert(rows.end(), {ids[static_cast<std::size_t>(row)], target, position});
        }
        db::bulk_insert(session, dialect_, quoted(join_table(entity_, *links_[l].field)),
                        {"owner_id", "target_id", "position"}, rows);
    }
}

void ImportWriter::write_search_rows(soci::session& session, Batch& batch,
                                     const std::vector<long long>& ids) const {
    std::vector<db::SqlValue> rows;
    if (dialect_.backend() == db::Backend::postgresql) {
        rows.reserve(ids.size() * 3);
        for (std::size_t r = 0; r < ids.size(); ++r) {
            rows.insert(rows.end(), {entity_.name, ids[r], std::move(batch.documents[r])});
        }
        db::bulk_insert(session, dialect_, "rapport_search", {"entity", "record_id", "body"}, rows);
        return;
    }
    // FTS5 rows are addressed by rowid: the docs table maps records to it.
    const auto doc_ids = db::reserve_ids(session, dialect_, "rapport_search_docs", ids.size());
    rows.reserve(ids.size() * 3);
    for (std::size_t r = 0; r < ids.size(); ++r) {
        rows.insert(rows.end(), {doc_ids[r], entity_.name, ids[r]});
    }
    db::bulk_insert(session, dialect_, "rapport_search_docs", {"id", "entity", "record_id"}, rows);
    rows.clear();
    for (std::size_t r = 0; r < ids.size(); ++r) {
        rows.insert(rows.end(), {doc_ids[r], std::move(batch.documents[r])});
    }
    set_search_automerge(session, bulk_automerge);
    db::bulk_insert(session, dialect_, "rapport_search", {"rowid", "body"}, rows);
    set_search_automerge(session, default_automerge);
}

}  // namespace rapport::records
