#include "records/record_validation.hpp"

#include "db/dialect.hpp"
#include "db/statement.hpp"
#include "records/sql_names.hpp"
#include "records/value_sql.hpp"

#include <rapport/sdk/error.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <iterator>

namespace rapport::records {
namespace {

using sdk::FieldType;

// The value `values` give the field, or null when they leave it out.
const sdk::Value* given_value(const FieldValues& values, const FieldDefinition& field) {
    const auto found = std::find_if(values.begin(), values.end(),
                                    [&](const auto& entry) { return entry.first == &field; });
    return found == values.end() ? nullptr : &found->second;
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

// Whether the record exists; `lock` (Dialect::for_key_share) keeps it from being deleted until
// the transaction ends.
bool record_exists(soci::session& session, const std::string& entity, std::int64_t id,
                   std::string_view lock = {}) {
    return !db::query(session,
                      fmt::format("SELECT 1 FROM {} WHERE id = :id{}", quoted(entity), lock),
                      {static_cast<long long>(id)})
                .empty();
}

std::optional<std::string> check_targets_exist(soci::session& session, const FieldDefinition& field,
                                               const sdk::Value& value) {
    for (const auto id : referenced_ids(value)) {
        if (!record_exists(session, field.target, id)) {
            return fmt::format("no {} with id {}", field.target, id);
        }
    }
    return std::nullopt;
}

// The value `values` give the field, else the one `current` holds (none for a create).
sdk::Value value_after(const FieldDefinition& field, const FieldValues& values,
                       const Record* current) {
    if (const auto* given = given_value(values, field)) {
        return *given;
    }
    return current ? current->get(field.name) : sdk::Value{};
}

// A regarding pair after the write is whole and names an existing record, or is empty. No
// foreign key covers the pair: the regarded record stays locked until the write commits, so
// that a delete running at the same time either comes first (and the pair is refused) or
// waits and then takes along or clears the record naming it (records/record_removal.hpp).
void check_regarding(soci::session& session, const db::Dialect& dialect, const Schema& schema,
                     const EntityDefinition& entity, const FieldValues& values,
                     const Record* current, std::vector<sdk::FieldError>& problems) {
    const auto* entity_field = entity.field("regarding_entity");
    const auto* id_field = entity.field("regarding_id");
    if (!given_value(values, *entity_field) && !given_value(values, *id_field)) {
        return;
    }
    const auto record = value_after(*id_field, values, current);
    const EntityDefinition* regarded = nullptr;
    if (auto problem = regarding_pair_problem(schema, value_after(*entity_field, values, current),
                                              record, regarded)) {
        problems.push_back(std::move(*problem));
        return;
    }
    if (regarded == nullptr) {
        return;
    }
    const auto target = std::get<std::int64_t>(record);
    if (!record_exists(session, regarded->name, target, dialect.for_key_share())) {
        problems.push_back(missing_regarded_record(*regarded, target));
    }
}

}  // namespace

bool has_regarding(const EntityDefinition& entity) {
    const auto* named = entity.field("regarding_entity");
    const auto* record = entity.field("regarding_id");
    return named != nullptr && record != nullptr && named->type == FieldType::string &&
           record->type == FieldType::integer;
}

std::optional<sdk::FieldError> regarding_pair_problem(const Schema& schema, const sdk::Value& named,
                                                      const sdk::Value& record,
                                                      const EntityDefinition*& regarded) {
    regarded = nullptr;
    if (sdk::is_null(named) != sdk::is_null(record)) {
        return sdk::is_null(named)
                   ? sdk::FieldError{"regarding_entity", "is required with regarding_id"}
                   : sdk::FieldError{"regarding_id", "is required with regarding_entity"};
    }
    if (sdk::is_null(named)) {
        return std::nullopt;
    }
    const auto& name = std::get<std::string>(named);
    regarded = schema.find(name);
    if (regarded == nullptr) {
        return sdk::FieldError{"regarding_entity", "no entity named " + name};
    }
    return std::nullopt;
}

sdk::FieldError missing_regarded_record(const EntityDefinition& regarded, std::int64_t id) {
    return {"regarding_id", fmt::format("no {} with id {}", regarded.name, id)};
}

void apply_defaults(const EntityDefinition& entity, FieldValues& values) {
    for (const auto& field : entity.fields) {
        if (!given_value(values, field) && !sdk::is_null(field.default_value)) {
            values.emplace_back(&field, field.default_value);
        }
    }
}

bool is_blank(const sdk::Value& value) {
    const auto* text = std::get_if<std::string>(&value);
    return sdk::is_null(value) ||
           (text && text->find_first_not_of(" \t\n\r\v\f") == std::string::npos);
}

std::vector<sdk::FieldError> required_problems(const EntityDefinition& entity,
                                               const FieldValues& values, bool creating) {
    std::vector<sdk::FieldError> problems;
    for (const auto& field : entity.fields) {
        const auto* given = given_value(values, field);
        if (field.required && (creating || given) && (!given || is_blank(*given))) {
            problems.push_back({field.name, "is required"});
        }
    }
    return problems;
}

std::vector<sdk::FieldError> stored_value_problems(soci::session& session,
                                                   const db::Dialect& dialect,
                                                   const EntityDefinition& entity,
                                                   const FieldValues& values,
                                                   std::optional<std::int64_t> id) {
    std::vector<sdk::FieldError> problems;
    for (const auto& [field, value] : values) {
        if (sdk::is_null(value)) {
            continue;
        }
        auto problem = field->unique ? check_unique(session, dialect, entity, *field, value, id)
                                     : std::nullopt;
        if (!problem && !field->target.empty()) {
            problem = check_targets_exist(session, *field, value);
        }
        if (problem) {
            problems.push_back({field->name, std::move(*problem)});
        }
    }
    return problems;
}

std::span<const std::int64_t> referenced_ids(const sdk::Value& value) {
    if (const auto* one = std::get_if<std::int64_t>(&value)) {
        return {one, 1};
    }
    if (const auto* many = std::get_if<sdk::References>(&value)) {
        return *many;
    }
    return {};
}

void validate_values(soci::session& session, const db::Dialect& dialect, const Schema& schema,
                     const EntityDefinition& entity, const FieldValues& values,
                     const Record* current) {
    const auto id = current ? std::optional(current->id()) : std::nullopt;
    auto problems = required_problems(entity, values, !id);
    auto stored = stored_value_problems(session, dialect, entity, values, id);
    std::move(stored.begin(), stored.end(), std::back_inserter(problems));
    if (has_regarding(entity)) {
        check_regarding(session, dialect, schema, entity, values, current, problems);
    }
    if (!problems.empty()) {
        throw sdk::Error(sdk::ErrorCode::validation_failed, "invalid " + entity.name,
                         std::move(problems));
    }
}

}  // namespace rapport::records
