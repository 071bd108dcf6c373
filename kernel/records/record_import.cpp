#include "records/record_import.hpp"

#include "http/utf8.hpp"
#include "records/csv_formula.hpp"
#include "records/csv_reader.hpp"
#include "records/field_text.hpp"
#include "records/record_import_checks.hpp"
#include "records/record_import_writer.hpp"
#include "records/record_validation.hpp"
#include "records/state_writes.hpp"

#include <rapport/sdk/error.hpp>

#include <fmt/format.h>

#include <memory>
#include <optional>
#include <set>

namespace rapport::records {
namespace {

// Valid UTF-8 without NUL characters, which PostgreSQL cannot store in text.
bool is_storable_text(std::string_view text) {
    return text.find('\0') == std::string_view::npos && http::is_well_formed_utf8(text);
}

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

// Reads rows into batches, checks each batch and hands it to the writer.
class Importer {
  public:
    Importer(db::Database& database, const Schema& schema, const EntityDefinition& entity,
             const Caller& caller, ImportPlan plan, ImportOptions options)
        : batch_rows_(options.batch_rows)
        , entity_(entity)
        , plan_(std::move(plan))
        , reject_([this](std::size_t line, const std::string& field, std::string message) {
            error(line, field, std::move(message));
        }) {
        // Creates one by one check references and unique values themselves, each against the
        // rows before it, which the checks of a whole batch cannot do for rows that a
        // validator then refuses.
        if (options.create_each) {
            sink_ = std::make_unique<ImportOneByOne>(database, plan_,
                                                     std::move(options.create_each), reject_);
        } else {
            checks_.emplace(database, schema, entity, plan_);
            sink_ = std::make_unique<ImportWriter>(database, entity, caller, plan_);
        }
    }

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
            auto value = parse_cell(line, *plan_.columns[i], cells[i]);
            valid = valid && value;
            row.values.push_back(value ? std::move(*value) : sdk::Value{});
        }
        if (valid) {
            pending_.push_back(std::move(row));
        }
        if (pending_.size() >= batch_rows_) {
            flush();
        }
    }

    void flush() {
        if (checks_) {
            checks_->drop_invalid_rows(pending_, reject_);
        }
        sink_->write(std::move(pending_));
        pending_.clear();
    }

    void error(std::size_t line, const std::string& field, std::string message) {
        ++result_.error_count;
        if (result_.errors.size() < max_import_errors) {
            result_.errors.push_back({line, field, std::move(message)});
        }
    }

    ImportResult finish() {
        flush();
        result_.created = sink_->finish();
        return std::move(result_);
    }

  private:
    // The cell's value, or nullopt after reporting why it has none.
    std::optional<sdk::Value> parse_cell(std::size_t line, const FieldDefinition& field,
                                         const std::string& cell) {
        // PostgreSQL refuses such text, and one bad cell must not fail a whole batch.
        if (!is_storable_text(cell)) {
            error(line, field.name, "is not valid UTF-8 text");
            return std::nullopt;
        }
        auto parsed = parse_field_text(field, without_formula_guard(cell));
        if (auto* problem = std::get_if<std::string>(&parsed)) {
            error(line, field.name, std::move(*problem));
            return std::nullopt;
        }
        auto& value = std::get<sdk::Value>(parsed);
        if (field.required && is_blank(value)) {
            error(line, field.name, "is required");
            return std::nullopt;
        }
        if (entity_.workflow && entity_.workflow->field == field.name) {
            // A free workflow's field (a strict one is no column): no action-only state.
            try {
                refuse_direct_state_change(entity_, {{&field, value}}, true);
            } catch (const sdk::Error& refused) {
                error(line, field.name, refused.details().front().message);
                return std::nullopt;
            }
        }
        return std::move(value);
    }

    std::size_t batch_rows_;
    const EntityDefinition& entity_;
    ImportPlan plan_;
    std::optional<ImportChecks> checks_;  // for the fast path
    RejectRow reject_;
    std::unique_ptr<ImportSink> sink_;
    std::vector<PendingRow> pending_;
    ImportResult result_;
};

}  // namespace

ImportResult import_csv(db::Database& database, const Schema& schema,
                        const EntityDefinition& entity, const EntityAccess& access,
                        const Caller& caller, std::string_view csv, ImportOptions options) {
    CsvReader reader;
    std::vector<std::string> cells;
    std::optional<Importer> importer;
    const auto drain = [&] {
        while (reader.next_row(cells)) {
            if (!reader.row_problem().empty()) {
                if (!importer) {
                    throw sdk::Error(sdk::ErrorCode::bad_request,
                                     "the CSV header row: " + reader.row_problem());
                }
                importer->error(reader.row_line(), "",
                                "malformed CSV: " + reader.row_problem() + "; the row was skipped");
            } else if (!importer) {
                importer.emplace(database, schema, entity, caller,
                                 plan_columns(entity, access, cells), std::move(options));
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
    return importer->finish();
}

}  // namespace rapport::records
