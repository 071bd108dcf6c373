#include "records/record_validation.hpp"

#include "db/statement.hpp"
#include "records/sql_names.hpp"
#include "records/value_sql.hpp"

#include <rapport/sdk/error.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace rapport::records {
namespace {

using sdk::FieldType;

bool has_value(const FieldValues& values, const FieldDefinition& field) {
    return std::any_of(values.begin(), values.end(), [&](const auto& entry) {
        return entry.first == &field && !sdk::is_null(entry.second);
    });
}

std::optional<std::string> check_unique(soci::session& session, const db::Dialect& dialect,
                                        const EntityDefinition& entity,
                                        const FieldDefinition& field, const sdk::Value& value,
                                        std::optional<std::int64_t> id) {
    const auto rows =
        db::query(session,
                  fmt::format("SELECT {} FROM {} WHERE {} = :v AND id <> :id LIMIT 1", "id",
                              quoted(entity.name), quoted(field.name)),
                  {to_sql(dialect, field, value), static_cast<long long>(id.value_or(0))});
    if (rows.empty()) {
        return std::nullopt;
    }
    return fmt::format("must be unique: {} {} has the same value", entity.name,
                       db::as_integer(rows[0].at(0)));
}

std::optional<std::string> check_targets_exist(soci::session& session, const FieldDefinition& field,
                                               const sdk::Value& value) {
    std::vector<std::int64_t> ids;
    if (const auto* one = std::get_if<std::int64_t>(&value)) {
        ids.push_back(*one);
    } else if (const auto* many = std::get_if<sdk::References>(&value)) {
        ids = *many;
    }
    for (const auto id : ids) {
        const auto rows =
            db::query(session, "SELECT 1 FROM " + quoted(field.target) + " WHERE id = :id",
                      {static_cast<long long>(id)});
        if (rows.empty()) {
            return fmt::format("no {} with id {}", field.target, id);
        }
    }
    return std::nullopt;
}

}  // namespace

void apply_defaults(const EntityDefinition& entity, FieldValues& values) {
    for (const auto& field : entity.fields) {
        const bool given = std::any_of(values.begin(), values.end(),
                                       [&](const auto& entry) { return entry.first == &field; });
        if (!given && !sdk::is_null(field.default_value)) {
            values.emplace_back(&field, field.default_value);
        }
    }
}

void validate_values(soci::session& session, const db::Dialect& dialect,
                     const EntityDefinition& entity, const FieldValues& values,
                     std::optional<std::int64_t> id) {
    std::vector<sdk::FieldError> problems;
    for (const auto& field : entity.fields) {
        const bool given = std::any_of(values.begin(), values.end(),
                                       [&](const auto& entry) { return entry.first == &field; });
        if (field.required && (!id || given) && !has_value(values, field)) {
            problems.push_back({field.name, "is required"});
        }
    }
    for (const auto& [field, value] : values) {
        if (sdk::is_null(value)) {
            continue;
        }
        std::optional<std::string> problem;
        if (field->unique) {
            problem = check_unique(session, dialect, entity, *field, value, id);
        }
        if (!problem && !field->target.empty()) {
            problem = check_targets_exist(session, *field, value);
        }
        if (problem) {
            problems.push_back({field->name, std::move(*problem)});
        }
    }
    if (!problems.empty()) {
        throw sdk::Error(sdk::ErrorCode::validation_failed, "invalid " + entity.name,
                         std::move(problems));
    }
}

void refuse_if_referenced(soci::session& session, const Schema& schema,
                          const EntityDefinition& entity, std::int64_t id) {
    for (const auto& referrer : schema.referrers(entity.name)) {
        if (referrer.field->on_delete != OnDelete::restrict) {
            continue;
        }
        const bool joined = referrer.field->type == FieldType::references;
        const std::string sql =
            joined ? fmt::format("SELECT owner_id FROM {} WHERE target_id = :id LIMIT 1",
                                 quoted(join_table(*referrer.entity, *referrer.field)))
                   : fmt::format("SELECT id FROM {} WHERE {} = :id LIMIT 1",
                                 quoted(referrer.entity->name), quoted(referrer.field->name));
        const auto rows = db::query(session, sql, {static_cast<long long>(id)});
        if (!rows.empty()) {
            throw sdk::Error(
                sdk::ErrorCode::conflict,
                fmt::format("{} {} is still referenced by {} {} ({}.{}, owned by {})", entity.name,
                            id, referrer.entity->name, db::as_integer(rows[0].at(0)),
                            referrer.entity->name, referrer.field->name, referrer.entity->owner));
        }
    }
}

std::vector<RecordKey> deleted_with(soci::session& session, const Schema& schema,
                                    const EntityDefinition& entity, std::int64_t id) {
    std::vector<RecordKey> deleted;
    std::set<RecordKey> seen{{&entity, id}};  // cascades may form a cycle
    std::vector<RecordKey> pending{{&entity, id}};
    while (!pending.empty()) {
        const auto [parent, parent_id] = pending.back();
        pending.pop_back();
        for (const auto& referrer : schema.referrers(parent->name)) {
            // A list's cascade deletes its join rows, not the records that hold the list.
            if (referrer.field->on_delete != OnDelete::cascade ||
                referrer.field->type == FieldType::references) {
                continue;
            }
            const auto rows =
                db::query(session,
                          fmt::format("SELECT id FROM {} WHERE {} = :id",
                                      quoted(referrer.entity->name), quoted(referrer.field->name)),
                          {static_cast<long long>(parent_id)});
            for (const auto& row : rows) {
                const RecordKey child{referrer.entity, db::as_integer(row.at(0))};
                if (seen.insert(child).second) {
                    deleted.push_back(child);
                    pending.push_back(child);
                }
            }
        }
    }
    return deleted;
}

}  // namespace rapport::records
