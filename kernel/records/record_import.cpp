#include "records/record_import.hpp"

#include "db/bulk_insert.hpp"
#include "db/database.hpp"
#include "db/statement.hpp"
#include "records/csv_reader.hpp"
#include "records/field_text.hpp"
#include "records/record.hpp"
#include "records/record_json.hpp"
#include "records/record_store.hpp"
#include "records/search_index.hpp"
#include "records/sql_names.hpp"
#include "records/value_sql.hpp"

#include <rapport/sdk/error.hpp>

#include <boost/json.hpp>
#include <fmt/format.h>
#include <soci/soci.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <unordered_set>

namespace rapport::records {
namespace {

using sdk::FieldType;

constexpr std::size_t batch_rows = 20'000;

struct PendingRow {
    std::size_t line;
    std::vector<sdk::Value> values;  // one per column of the plan
};

// Which field each CSV column fills, plus the fields filled from their defaults.
struct ImportPlan {
    std::vector<const FieldDefinition*> columns;
    std::vector<const FieldDefinition*> defaulted;
};

// Columns the caller may not write are refused before anything else is looked at.
void require_writable_columns(const EntityDefinition& entity, const EntityAccess& access,
                              const std::vector<std::string>& header) {
    std::vector<sdk::FieldError> problems;
    for (const auto& name : header) {
        const FieldDefinition* field = entity.field(name);
        if (field && !field->readonly &&
            !access.writable(static_cast<std::size_t>(field - entity.fields.data()))) {
            problems.push_back({name, "you may not write this field"});
        }
    }
    if (!problems.empty()) {
        throw sdk::Error(sdk::ErrorCode::forbidden,
                         "you may not write some fields of " + entity.name, std::move(problems));
    }
}

ImportPlan plan_columns(const EntityDefinition& entity, const EntityAccess& access,
                        const std::vector<std::string>& header) {
    require_writable_columns(entity, access, header);
    ImportPlan plan;
    std::vector<sdk::FieldError> problems;
    std::set<std::string> seen;
    for (const auto& name : header) {
        const FieldDefinition* field = entity.field(name);
        if (!field) {
            problems.push_back({name, "unknown field of " + entity.name});
        } else if (field->write_only) {
            problems.push_back({name, "cannot be imported"});
        } else if (field->readonly) {
            problems.push_back({name, "is read-only"});
        } else if (entity.workflow && entity.workflow->field == name &&
                   entity.workflow->kind == WorkflowKind::strict) {
            problems.push_back({name, "changes only through actions: records start in '" +
                                          entity.workflow->states.front().name + "'"});
        } else if (!seen.insert(name).second) {
            problems.push_back({name, "appears twice in the header"});
        } else {
            plan.columns.push_back(field);
        }
    }
    for (const auto& field : entity.fields) {
        if (field.system || seen.contains(field.name)) {
            continue;
        }
        if (!sdk::is_null(field.default_value)) {
            plan.defaulted.push_back(&field);
        } else if (field.required) {
            problems.push_back({field.name, "is required: add a column for it"});
        }
    }
    if (!problems.empty()) {
        throw sdk::Error(sdk::ErrorCode::bad_request, "the CSV header does not fit " + entity.name,
                         std::move(problems));
    }
    return plan;
}

class Importer {
  public:
    Importer(db::Database& database, const EntityDefinition& entity, const Caller& caller,
             ImportPlan plan)
        : database_(database)
        , dialect_(database.dialect())
        , entity_(entity)
        , caller_(caller)
        , plan_(std::move(plan)) {}

    void add_row(std::size_t line, const std::vector<std::string>& cells) {
        if (cells.size() != plan_.columns.size()) {
            error(line, "",
                  fmt::format("expected {} cells, found {}", plan_.columns.size(), cells.size()));
            return;
        }
        PendingRow row{line, {}};
        row.values.reserve(cells.size());
        bool valid = true;
        for (std::size_t i = 0; i < cells.size(); ++i) {
            const FieldDefinition& field = *plan_.columns[i];
            auto parsed = parse_field_text(field, cells[i]);
            if (auto* problem = std::get_if<std::string>(&parsed)) {
                error(line, field.name, std::move(*problem));
                valid = false;
                continue;
            }
            auto& value = std::get<sdk::Value>(parsed);
            if (field.required && sdk::is_null(value)) {
                error(line, field.name, "is required");
                valid = false;
            }
            row.values.push_back(std::move(value));
        }
        if (valid) {
            pending_.push_back(std::move(row));
        }
        if (pending_.size() >= batch_rows) {
            flush();
        }
    }

    void flush() {
        drop_rows_with_missing_references();
        drop_rows_breaking_uniqueness();
        if (!pending_.empty()) {
            database_.write_transaction([&](soci::session& session) { write_batch(session); });
            result_.created += pending_.size();
            pending_.clear();
        }
    }

    void error(std::size_t line, const std::string& field, std::string message) {
        ++result_.error_count;
        if (result_.errors.size() < max_import_errors) {
            result_.errors.push_back({line, field, std::move(message)});
        }
    }

    ImportResult& result() { return result_; }

  private:
    template <typename Keep>
    void keep_rows(Keep keep) {
        std::erase_if(pending_, [&](const PendingRow& row) { return !keep(row); });
    }

    std::vector<std::int64_t> ids_in_column(std::size_t column) const {
        std::vector<std::int64_t> ids;
        for (const auto& row : pending_) {
            if (const auto* one = std::get_if<std::int64_t>(&row.values[column])) {
                ids.push_back(*one);
            } else if (const auto* many = std::get_if<sdk::References>(&row.values[column])) {
                ids.insert(ids.end(), many->begin(), many->end());
            }
        }
        return ids;
    }

    std::unordered_set<std::int64_t> existing_ids(const std::string& target,
                                                  std::vector<std::int64_t> ids) {
        std::sort(ids.begin(), ids.end());
        ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
        std::unordered_set<std::int64_t> found;
        database_.with_session([&](soci::session& session) {
            for (std::size_t start = 0; start < ids.size(); start += 1000) {
                std::string list;
                for (std::size_t i = start; i < std::min(ids.size(), start + 1000); ++i) {
                    list += (list.empty() ? "" : ",") + std::to_string(ids[i]);
                }
                for (const auto& row :
                     db::query(session, fmt::format("SELECT {} FROM {} WHERE id IN ({})", "id",
                                                    quoted(target), list))) {
                    found.insert(db::as_integer(row.at(0)));
                }
            }
        });
        return found;
    }

    void drop_rows_with_missing_references() {
        for (std::size_t column = 0; column < plan_.columns.size(); ++column) {
            const FieldDefinition& field = *plan_.columns[column];
            if (field.target.empty()) {
                continue;
            }
            const auto found = existing_ids(field.target, ids_in_column(column));
            keep_rows([&](const PendingRow& row) {
                std::vector<std::int64_t> ids;
                if (const auto* one = std::get_if<std::int64_t>(&row.values[column])) {
                    ids.push_back(*one);
                } else if (const auto* many = std::get_if<sdk::References>(&row.values[column])) {
                    ids = *many;
                }
                for (const auto id : ids) {
                    if (!found.contains(id)) {
                        error(row.line, field.name,
                              fmt::format("no {} with id {}", field.target, id));
                        return false;
                    }
                }
                return true;
            });
        }
    }

    // Against the table and against earlier rows of this import.
    void drop_rows_breaking_uniqueness() {
        for (std::size_t column = 0; column < plan_.columns.size(); ++column) {
            const FieldDefinition& field = *plan_.columns[column];
            if (!field.unique) {
                continue;
            }
            auto& seen = unique_values_[field.name];
            keep_rows([&](const PendingRow& row) {
                const auto& value = row.values[column];
                if (sdk::is_null(value)) {
                    return true;
                }
                const std::string key = boost::json::serialize(value_to_json(field, value));
                bool taken = !seen.insert(key).second;
                if (!taken) {
                    database_.with_session([&](soci::session& session) {
                        taken = !db::query(session,
                                           fmt::format("SELECT 1 FROM {} WHERE {} = :v",
                                                       quoted(entity_.name), quoted(field.name)),
                                           {to_sql(dialect_, field, value)})
                                     .empty();
                    });
                }
                if (taken) {
                    error(row.line, field.name,
                          "must be unique: another record has the same value");
                }
                return !taken;
            });
        }
    }

    void write_batch(soci::session& session) {
        const auto ids = db::reserve_ids(session, dialect_, quoted(entity_.name), pending_.size());
        const auto now = dialect_.timestamp_value(sdk::Timestamp::now());
        const db::SqlValue user = caller_.user_id
                                      ? db::SqlValue{static_cast<long long>(*caller_.user_id)}
                                      : db::SqlValue{};
        std::vector<std::string> columns{"id",         "created_at", "updated_at",
                                         "created_by", "owner_id",   "version"};
        for (const auto* field : stored_columns()) {
            columns.push_back(quoted(field->name));
        }
        std::vector<std::vector<db::SqlValue>> rows;
        std::vector<std::vector<db::SqlValue>> audits;
        rows.reserve(pending_.size());
        audits.reserve(pending_.size());
        for (std::size_t r = 0; r < pending_.size(); ++r) {
            std::vector<db::SqlValue> row{ids[r], now, now, user, user, 1LL};
            boost::json::object changes;
            for_each_value(pending_[r], [&](const FieldDefinition& field, const sdk::Value& value) {
                if (field.type != FieldType::references) {
                    row.push_back(to_sql(dialect_, field, value));
                }
                if (!sdk::is_null(value)) {
                    changes[field.name] = boost::json::array{nullptr, value_to_json(field, value)};
                }
            });
            rows.push_back(std::move(row));
            audits.push_back({entity_.name, ids[r], std::string("created"), now, user,
                              boost::json::serialize(changes)});
        }
        db::bulk_insert(session, dialect_, quoted(entity_.name), columns, rows);
        write_join_rows(session, ids);
        db::bulk_insert(session, dialect_, "rapport_audit",
                        {"entity", "record_id", "action", "at", "user_id", "changes"}, audits);
        if (is_searchable(entity_)) {
            write_search_rows(session, ids);
        }
    }

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

    std::vector<const FieldDefinition*> stored_columns() const {
        std::vector<const FieldDefinition*> fields;
        for (const auto* field : plan_.columns) {
            if (field->type != FieldType::references) {
                fields.push_back(field);
            }
        }
        for (const auto* field : plan_.defaulted) {
            if (field->type != FieldType::references) {
                fields.push_back(field);
            }
        }
        return fields;
    }

    void write_join_rows(soci::session& session, const std::vector<long long>& ids) {
        for (std::size_t column = 0; column < plan_.columns.size(); ++column) {
            const FieldDefinition& field = *plan_.columns[column];
            if (field.type != FieldType::references) {
                continue;
            }
            std::vector<std::vector<db::SqlValue>> rows;
            for (std::size_t r = 0; r < pending_.size(); ++r) {
                if (const auto* targets =
                        std::get_if<sdk::References>(&pending_[r].values[column])) {
                    long long position = 0;
                    for (const auto target : *targets) {
                        rows.push_back({ids[r], static_cast<long long>(target), position++});
                    }
                }
            }
            db::bulk_insert(session, dialect_, quoted(join_table(entity_, field)),
                            {"owner_id", "target_id", "position"}, rows);
        }
    }

    void write_search_rows(soci::session& session, const std::vector<long long>& ids) {
        Record record{&entity_, std::vector<sdk::Value>(entity_.fields.size())};
        std::vector<std::string> documents;
        documents.reserve(pending_.size());
        for (const auto& row : pending_) {
            for (std::size_t i = 0; i < entity_.fields.size(); ++i) {
                record.values[i] = std::monostate{};
            }
            for_each_value(row, [&](const FieldDefinition& field, const sdk::Value& value) {
                record.values[static_cast<std::size_t>(&field - entity_.fields.data())] = value;
            });
            documents.push_back(search_document(record));
        }
        std::vector<std::vector<db::SqlValue>> rows;
        rows.reserve(ids.size());
        if (dialect_.backend() == db::Backend::postgresql) {
            for (std::size_t r = 0; r < ids.size(); ++r) {
                rows.push_back({entity_.name, ids[r], std::move(documents[r])});
            }
            db::bulk_insert(session, dialect_, "rapport_search", {"entity", "record_id", "body"},
                            rows);
            return;
        }
        const auto doc_ids = db::reserve_ids(session, dialect_, "rapport_search_docs", ids.size());
        for (std::size_t r = 0; r < ids.size(); ++r) {
            rows.push_back({doc_ids[r], entity_.name, ids[r]});
        }
        db::bulk_insert(session, dialect_, "rapport_search_docs", {"id", "entity", "record_id"},
                        rows);
        rows.clear();
        for (std::size_t r = 0; r < ids.size(); ++r) {
            rows.push_back({doc_ids[r], std::move(documents[r])});
        }
        db::bulk_insert(session, dialect_, "rapport_search", {"rowid", "body"}, rows);
    }

    db::Database& database_;
    const db::Dialect& dialect_;
    const EntityDefinition& entity_;
    const Caller& caller_;
    ImportPlan plan_;
    std::vector<PendingRow> pending_;
    std::map<std::string, std::unordered_set<std::string>> unique_values_;
    ImportResult result_;
};

}  // namespace

ImportResult import_csv(db::Database& database, const EntityDefinition& entity,
                        const EntityAccess& access, const Caller& caller, std::string_view csv) {
    CsvReader reader;
    std::vector<std::string> cells;
    std::optional<Importer> importer;
    const auto drain = [&] {
        while (reader.next_row(cells)) {
            if (!importer) {
                importer.emplace(database, entity, caller, plan_columns(entity, access, cells));
            } else {
                importer->add_row(reader.row_line(), cells);
            }
        }
    };
    try {
        constexpr std::size_t chunk = 64 * 1024;
        for (std::size_t offset = 0; offset < csv.size(); offset += chunk) {
            reader.feed(csv.substr(offset, chunk));
            drain();
        }
        reader.finish();
        drain();
    } catch (const CsvError& error) {
        if (!importer) {
            throw sdk::Error(sdk::ErrorCode::bad_request, error.what());
        }
        // Rows before the malformed one are imported; the rest cannot be read reliably.
        importer->error(error.line(), "",
                        std::string(error.what()) + "; the rows after it were not read");
    }
    if (!importer) {
        throw sdk::Error(sdk::ErrorCode::bad_request,
                         "the CSV is empty: expected a header row of field names");
    }
    importer->flush();
    return std::move(importer->result());
}

}  // namespace rapport::records
