#include "records/record_removal.hpp"

#include "db/database_error.hpp"
#include "db/dialect.hpp"
#include "db/statement.hpp"
#include "records/record_validation.hpp"
#include "records/sql_names.hpp"

#include <rapport/sdk/error.hpp>

#include <fmt/format.h>

#include <map>
#include <set>
#include <string>
#include <string_view>

namespace rapport::records {
namespace {

using sdk::FieldType;

bool is_list(const FieldDefinition& field) {
    return field.type == FieldType::references;
}

// The ids of the records whose `referrer` field refers to :id; for a list, its owners.
std::string referring_ids_sql(const Schema::Referrer& referrer) {
    if (is_list(*referrer.field)) {
        return fmt::format("SELECT owner_id FROM {} WHERE target_id = :id",
                           quoted(join_table(*referrer.entity, *referrer.field)));
    }
    return fmt::format("SELECT id FROM {} WHERE {} = :id", quoted(referrer.entity->name),
                       quoted(referrer.field->name));
}

// `lock`: a row lock of the dialect for the referring records, not for a list's owners.
std::vector<std::int64_t> referring_ids(soci::session& session, const Schema::Referrer& referrer,
                                        std::int64_t id, std::string_view lock = {}) {
    std::vector<std::int64_t> ids;
    for (const auto& row : db::query(session, referring_ids_sql(referrer) + std::string(lock),
                                     {static_cast<long long>(id)})) {
        ids.push_back(db::as_integer(row.at(0)));
    }
    return ids;
}

// The ids of the records of `entity` (one with a regarding pair) that regard `regarded` `id`.
std::vector<std::int64_t> regarding_ids(soci::session& session, const EntityDefinition& entity,
                                        const EntityDefinition& regarded, std::int64_t id,
                                        std::string_view lock = {}) {
    std::vector<std::int64_t> ids;
    for (const auto& row : db::query(session,
                                     fmt::format("SELECT id FROM {} WHERE regarding_id = :id AND "
                                                 "regarding_entity = :e{}",
                                                 quoted(entity.name), lock),
                                     {static_cast<long long>(id), regarded.name})) {
        ids.push_back(db::as_integer(row.at(0)));
    }
    return ids;
}

// Whether records of the entity go with the record their (required) regarding pair names.
bool goes_with_regarded(const EntityDefinition& entity) {
    return has_regarding(entity) && entity.field("regarding_id")->required;
}

// The entities with a regarding pair that a delete takes along (`along`: the pair is required,
// as a note's) or clears (it is not).
std::vector<const EntityDefinition*> regarding_entities(const Schema& schema, bool along) {
    std::vector<const EntityDefinition*> found;
    for (const auto& entity : schema.entities()) {
        if (has_regarding(entity) && goes_with_regarded(entity) == along) {
            found.push_back(&entity);
        }
    }
    return found;
}

// Whether deleting a record changes, rather than deletes or refuses, a record referring to it.
bool clears(const FieldDefinition& field) {
    return field.on_delete == OnDelete::set_null ||
           (is_list(field) && field.on_delete == OnDelete::cascade);
}

// A list's targets in their order, without `removed`.
sdk::Value list_without(soci::session& session, const RecordKey& owner,
                        const FieldDefinition& field, const std::set<std::int64_t>& removed) {
    const auto rows =
        db::query(session,
                  fmt::format("SELECT target_id FROM {} WHERE owner_id = :id ORDER BY position",
                              quoted(join_table(*owner.first, field))),
                  {static_cast<long long>(owner.second)});
    sdk::References kept;
    for (const auto& row : rows) {
        const auto target = db::as_integer(row.at(0));
        if (!removed.contains(target)) {
            kept.push_back(target);
        }
    }
    return kept;
}

}  // namespace

void refuse_if_referenced(soci::session& session, const Schema& schema,
                          const std::vector<RecordKey>& doomed) {
    const auto& [root, root_id] = doomed.front();
    for (const auto& [entity, id] : doomed) {
        for (const auto& referrer : schema.referrers(entity->name)) {
            if (referrer.field->on_delete != OnDelete::restrict) {
                continue;
            }
            const auto rows = db::query(session, referring_ids_sql(referrer) + " LIMIT 1",
                                        {static_cast<long long>(id)});
            if (rows.empty()) {
                continue;
            }
            const auto reference = fmt::format("{} {} ({}.{}, owned by {})", referrer.entity->name,
                                               db::as_integer(rows[0].at(0)), referrer.entity->name,
                                               referrer.field->name, referrer.entity->owner);
            throw sdk::Error(
                sdk::ErrorCode::conflict,
                entity == root && id == root_id
                    ? fmt::format("{} {} is still referenced by {}", entity->name, id, reference)
                    : fmt::format("{} {} cannot be deleted: {} {}, which would go with it, is "
                                  "still referenced by {}",
                                  root->name, root_id, entity->name, id, reference));
        }
    }
}

std::vector<RecordKey> deleted_with(soci::session& session, const db::Dialect& dialect,
                                    const Schema& schema, const EntityDefinition& entity,
                                    std::int64_t id) {
    std::vector<RecordKey> deleted;
    std::set<RecordKey> seen{{&entity, id}};  // cascades may form a cycle
    std::vector<RecordKey> pending{{&entity, id}};
    const auto take = [&](const EntityDefinition* child_entity, std::int64_t child_id) {
        const RecordKey child{child_entity, child_id};
        if (seen.insert(child).second) {
            deleted.push_back(child);
            pending.push_back(child);
        }
    };
    const auto regarding_along = regarding_entities(schema, true);
    while (!pending.empty()) {
        const auto [parent, parent_id] = pending.back();
        pending.pop_back();
        for (const auto& referrer : schema.referrers(parent->name)) {
            // A list's cascade deletes its join rows, not the records that hold the list.
            if (referrer.field->on_delete != OnDelete::cascade || is_list(*referrer.field)) {
                continue;
            }
            for (const auto child_id :
                 referring_ids(session, referrer, parent_id, dialect.for_update())) {
                take(referrer.entity, child_id);
            }
        }
        for (const auto* regarding : regarding_along) {
            for (const auto child_id :
                 regarding_ids(session, *regarding, *parent, parent_id, dialect.for_update())) {
                take(regarding, child_id);
            }
        }
    }
    return deleted;
}

std::vector<ClearedReferences> references_cleared_by(soci::session& session, const Schema& schema,
                                                     const std::vector<RecordKey>& deleted) {
    const std::set<RecordKey> gone(deleted.begin(), deleted.end());
    // For each record that stays, the deleted ids each of its fields referred to.
    std::map<RecordKey, std::map<const FieldDefinition*, std::set<std::int64_t>>> cleared;
    const auto regarding_cleared = regarding_entities(schema, false);
    for (const auto& [entity, id] : deleted) {
        for (const auto& referrer : schema.referrers(entity->name)) {
            if (!clears(*referrer.field)) {
                continue;
            }
            for (const auto referring_id : referring_ids(session, referrer, id)) {
                const RecordKey record{referrer.entity, referring_id};
                if (!gone.contains(record)) {
                    cleared[record][referrer.field].insert(id);
                }
            }
        }
        for (const auto* regarding : regarding_cleared) {
            for (const auto regarding_id : regarding_ids(session, *regarding, *entity, id)) {
                if (gone.contains({regarding, regarding_id})) {
                    continue;
                }
                auto& fields = cleared[{regarding, regarding_id}];
                fields[regarding->field("regarding_entity")].insert(id);
                fields[regarding->field("regarding_id")].insert(id);
            }
        }
    }
    std::vector<ClearedReferences> result;
    for (const auto& [record, fields] : cleared) {
        FieldValues changes;
        for (const auto& [field, removed] : fields) {
            changes.emplace_back(field, is_list(*field)
                                            ? list_without(session, record, *field, removed)
                                            : sdk::Value{});
        }
        result.push_back({record, std::move(changes)});
    }
    return result;
}

bool row_gone(soci::session& session, const EntityDefinition& entity, std::int64_t id) {
    return db::query(session, "SELECT id FROM " + quoted(entity.name) + " WHERE id = :id",
                     {static_cast<long long>(id)})
        .empty();
}

void delete_rows(soci::session& session, const std::vector<RecordKey>& doomed) {
    delete_row(session, *doomed.front().first, doomed.front().second);
    for (const auto& [entity, id] : doomed) {
        if (goes_with_regarded(*entity)) {
            delete_row(session, *entity, id);
        }
    }
}

void delete_row(soci::session& session, const EntityDefinition& entity, std::int64_t id) {
    try {
        db::execute(session, "DELETE FROM " + quoted(entity.name) + " WHERE id = :id",
                    {static_cast<long long>(id)});
    } catch (const db::DatabaseError& error) {
        if (!db::violates_foreign_key(error)) {
            throw;
        }
        const std::string message = error.what();
        // PostgreSQL names the referring table: '... on table "<entity>"'.
        const auto table = message.rfind("on table \"");
        const std::string referrer =
            table == std::string::npos
                ? std::string("data kept by an uninstalled plugin")
                : "the kept records of " +
                      message.substr(table + 10, message.find('"', table + 10) - table - 10) +
                      ", an entity of an uninstalled plugin";
        throw sdk::Error(sdk::ErrorCode::conflict,
                         fmt::format("{} {} is still referred to by {}: delete those or drop the "
                                     "plugin's data first",
                                     entity.name, id, referrer));
    }
}

}  // namespace rapport::records
