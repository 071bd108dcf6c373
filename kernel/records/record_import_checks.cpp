#include "records/record_import_checks.hpp"

#include "db/database.hpp"
#include "records/record_import_lookups.hpp"
#include "records/record_json.hpp"
#include "records/record_validation.hpp"
#include "records/sql_names.hpp"
#include "records/value_sql.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

namespace rapport::records {
namespace {

// Which of `ids` name a record of `entity`, looked up on a pooled connection.
std::unordered_set<std::int64_t> existing_ids(db::Database& database, const std::string& entity,
                                              const std::vector<db::SqlValue>& ids) {
    std::unordered_set<std::int64_t> found;
    database.with_session(
        [&](soci::session& session) { found = records::existing_ids(session, entity, ids); });
    return found;
}

// Equal for the values a unique column holds as equal.
std::string value_key(const FieldDefinition& field, const sdk::Value& value) {
    return boost::json::serialize(value_to_json(field, value));
}

}  // namespace

ImportChecks::ImportChecks(db::Database& database, const Schema& schema,
                           const EntityDefinition& entity, const ImportPlan& plan)
    : database_(database), schema_(schema), entity_(entity), plan_(plan) {
    for (std::size_t column = 0; column < plan_.columns.size(); ++column) {
        if (plan_.columns[column]->unique) {
            unique_columns_.push_back(column);
        }
    }
    regarding_ = regarding_sources(entity_, plan_);
}

void ImportChecks::drop_invalid_rows(std::vector<PendingRow>& rows, const RejectRow& reject) {
    drop_rows_with_missing_references(rows, reject);
    drop_rows_with_bad_regarding(rows, reject);
    drop_rows_breaking_uniqueness(rows, reject);
}

// As a create checks a pair (records/record_validation.hpp), with one lookup per regarded
// entity and chunk of ids for the whole batch.
void ImportChecks::drop_rows_with_bad_regarding(std::vector<PendingRow>& rows,
                                                const RejectRow& reject) {
    if (!regarding_) {
        return;
    }
    const auto& [named, record] = *regarding_;
    std::vector<const EntityDefinition*> regarded_of(rows.size());
    std::vector<std::optional<sdk::FieldError>> problems(rows.size());
    std::map<const EntityDefinition*, std::set<long long>> asked;
    for (std::size_t r = 0; r < rows.size(); ++r) {
        problems[r] =
            regarding_pair_problem(schema_, named.of(rows[r]), record.of(rows[r]), regarded_of[r]);
        if (!problems[r] && regarded_of[r] != nullptr) {
            asked[regarded_of[r]].insert(std::get<std::int64_t>(record.of(rows[r])));
        }
    }
    std::map<const EntityDefinition*, std::unordered_set<std::int64_t>> found;
    for (const auto& [regarded, ids] : asked) {
        found[regarded] = existing_ids(database_, regarded->name, {ids.begin(), ids.end()});
    }
    std::size_t index = 0;  // of the row erase_if looks at: it visits them once, in order
    std::erase_if(rows, [&](const PendingRow& row) {
        const std::size_t r = index++;
        if (!problems[r] && regarded_of[r] != nullptr) {
            const auto id = std::get<std::int64_t>(record.of(row));
            if (!found[regarded_of[r]].contains(id)) {
                problems[r] = missing_regarded_record(*regarded_of[r], id);
            }
        }
        if (!problems[r]) {
            return false;
        }
        reject(row.line, problems[r]->field, std::move(problems[r]->message));
        return true;
    });
}

// A reference filled from its default is checked like one from a column: the default may name
// a record deleted since the entity was declared.
void ImportChecks::drop_rows_with_missing_references(std::vector<PendingRow>& rows,
                                                     const RejectRow& reject) {
    for (const auto* field : plan_.reference_fields()) {
        const auto source = plan_.source_of(*field);
        const auto found =
            existing_ids(database_, field->target, distinct_referenced_ids(rows, source));
        std::erase_if(rows, [&](const PendingRow& row) {
            for (const auto id : referenced_ids(source.of(row))) {
                if (!found.contains(id)) {
                    reject(row.line, field->name,
                           fmt::format("no {} with id {}", field->target, id));
                    return true;
                }
            }
            return false;
        });
    }
}

// A row's values count as imported only once the row passes every unique column, so that a
// rejected row takes no value away from later rows.
void ImportChecks::drop_rows_breaking_uniqueness(std::vector<PendingRow>& rows,
                                                 const RejectRow& reject) {
    // Per unique column, each row's key (nullopt for null), worked out once.
    std::unordered_map<std::size_t, std::vector<std::optional<std::string>>> row_keys;
    std::unordered_map<std::size_t, std::unordered_set<std::string>> taken;
    for (const auto column : unique_columns_) {
        const FieldDefinition& field = *plan_.columns[column];
        auto& keys = row_keys[column];
        keys.reserve(rows.size());
        for (const auto& row : rows) {
            const auto& value = row.values[column];
            keys.push_back(sdk::is_null(value) ? std::nullopt
                                               : std::optional(value_key(field, value)));
        }
        taken[column] = taken_keys(column, rows, keys);
    }
    std::size_t index = 0;  // of the row erase_if looks at: it visits them once, in order
    std::erase_if(rows, [&](const PendingRow& row) {
        const std::size_t r = index++;
        for (const auto column : unique_columns_) {
            const auto& key = row_keys[column][r];
            if (key && (taken[column].contains(*key) || imported_keys_[column].contains(*key))) {
                reject(row.line, plan_.columns[column]->name,
                       "must be unique: another record has the same value");
                return true;
            }
        }
        for (const auto column : unique_columns_) {
            if (auto& key = row_keys[column][r]) {
                imported_keys_[column].insert(std::move(*key));
            }
        }
        return false;
    });
}

// The keys of the values in `column` of `rows` that the table already holds; `keys` are the
// rows' own keys, in order.
std::unordered_set<std::string> ImportChecks::taken_keys(
    std::size_t column, const std::vector<PendingRow>& rows,
    const std::vector<std::optional<std::string>>& keys) {
    const FieldDefinition& field = *plan_.columns[column];
    const auto& dialect = database_.dialect();
    std::unordered_set<std::string_view> asked;
    std::vector<db::SqlValue> values;
    for (std::size_t r = 0; r < rows.size(); ++r) {
        if (keys[r] && asked.insert(*keys[r]).second) {
            values.push_back(to_sql(dialect, field, rows[r].values[column]));
        }
    }
    const std::string select =
        fmt::format("SELECT {} FROM {} WHERE {}", select_expression(dialect, field),
                    quoted(entity_.name), quoted(field.name));
    std::vector<db::SqlValue> stored_values;
    database_.with_session(
        [&](soci::session& session) { stored_values = select_matching(session, select, values); });
    std::unordered_set<std::string> taken;
    for (const auto& stored : stored_values) {
        taken.insert(value_key(field, from_sql(dialect, field, stored)));
    }
    return taken;
}

}  // namespace rapport::records
