#include "records/record_validation.hpp"

#include "db/statement.hpp"
#include "records/sql_names.hpp"
#include "records/value_sql.hpp"

#include <rapport/sdk/error.hpp>

#include <fmt/format.h>

#include <algorithm>

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

}  // namespace rapport::records
