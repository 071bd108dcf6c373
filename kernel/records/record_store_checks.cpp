// The record store's checks that a write's values still hold inside its transaction: what
// concurrent writers changed since the first checks, and what the caller may name.
#include "db/database.hpp"
#include "db/database_error.hpp"
#include "db/statement.hpp"
#include "records/query_sql.hpp"
#include "records/record_access.hpp"
#include "records/record_store.hpp"
#include "records/record_validation.hpp"
#include "records/sql_names.hpp"

#include <rapport/sdk/error.hpp>

#include <fmt/format.h>

namespace rapport::records {

// A create's or update's transaction. Its unique values and references are checked inside it,
// yet on PostgreSQL a concurrent writer may take a value or delete a referenced record before
// the INSERT or UPDATE (READ COMMITTED lets both pass): the unique index or the foreign key
// refuses the write, which is then answered with the validation error the checks give now,
// not with a database error.
void RecordStore::write_checking_races(const EntityDefinition& entity, const FieldValues& values,
                                       std::optional<std::int64_t> id,
                                       const std::function<void(soci::session&)>& work) {
    try {
        database_.write_transaction(work);
    } catch (const db::DatabaseError& error) {
        if (!db::violates_unique(error) && !db::violates_foreign_key(error)) {
            throw;
        }
        std::vector<sdk::FieldError> problems;
        database_.with_session([&](soci::session& session) {
            problems = stored_value_problems(session, database_.dialect(), entity, values, id);
        });
        if (problems.empty()) {
            throw;  // not this record's values: a nested write's, or the other writer undid it
        }
        throw sdk::Error(sdk::ErrorCode::validation_failed, "invalid " + entity.name,
                         std::move(problems));
    }
}

void RecordStore::require_readable_targets(const Caller& caller, const FieldValues& values) const {
    std::vector<sdk::FieldError> problems;
    for (const auto& [field, value] : values) {
        const auto* target = field->target.empty() ? nullptr : schema_->find(field->target);
        if (target == nullptr || sdk::is_null(value)) {
            continue;
        }
        const auto problem =
            fmt::format("names a {} that does not exist or that you may not read", target->name);
        if (!RecordAccess::allows(caller, *target, Operation::read)) {
            problems.push_back({field->name, problem});
            continue;
        }
        auto scope = RecordAccess(caller, *target, Operation::read).row_condition();
        if (!scope) {
            continue;  // every record of the entity
        }
        const auto ids = referenced_ids(value);
        Condition named{"id", Operator::in, false, {}};
        named.values.assign(ids.begin(), ids.end());
        const std::vector<Condition> conditions{std::move(named), std::move(*scope)};
        std::vector<db::SqlValue> params;
        const std::string sql = "SELECT id FROM " + quoted(target->name) +
                                where_clause(database_.dialect(), *target, conditions, params);
        std::size_t visible = 0;
        database_.with_session(
            [&](soci::session& session) { visible = db::query(session, sql, params).size(); });
        if (visible < ids.size()) {
            problems.push_back({field->name, problem});
        }
    }
    if (!problems.empty()) {
        throw sdk::Error(sdk::ErrorCode::validation_failed, "invalid references",
                         std::move(problems));
    }
}

}  // namespace rapport::records
