#include "records/record_store.hpp"

#include "db/database.hpp"
#include "db/database_error.hpp"
#include "db/statement.hpp"
#include "records/aggregate_sql.hpp"
#include "records/query_sql.hpp"
#include "records/record_access.hpp"
#include "records/record_json.hpp"
#include "records/record_owner.hpp"
#include "records/record_removal.hpp"
#include "records/record_validation.hpp"
#include "records/search_index.hpp"
#include "records/sql_names.hpp"
#include "records/state_writes.hpp"
#include "records/value_sql.hpp"

#include <rapport/sdk/error.hpp>

#include <boost/json.hpp>
#include <fmt/format.h>
#include <soci/soci.h>

#include <algorithm>
#include <map>

namespace rapport::records {
namespace {

using sdk::FieldType;

// Writes this thread made, counted so that a change can tell whether its before-commit handlers
// wrote more (a plugin filling in a computed value, an automation rule's `set`).
thread_local std::uint64_t writes_on_this_thread = 0;

sdk::Error not_found(const EntityDefinition& entity, std::int64_t id) {
    return sdk::Error(sdk::ErrorCode::not_found, fmt::format("no {} with id {}", entity.name, id));
}

void load_references(soci::session& session, const db::Dialect& dialect,
                     const EntityDefinition& entity, std::vector<Record>& records) {
    if (records.empty()) {
        return;
    }
    std::vector<std::int64_t> ids;
    std::map<std::int64_t, Record*> by_id;
    for (auto& record : records) {
        ids.push_back(record.id());
        by_id[record.id()] = &record;
    }
    const auto owners = dialect.integers_value(ids);
    for (std::size_t i = 0; i < entity.fields.size(); ++i) {
        if (entity.fields[i].type != FieldType::references) {
            continue;
        }
        for (auto& record : records) {
            record.values[i] = sdk::References{};
        }
        const auto rows = db::query(
            session,
            fmt::format("SELECT owner_id, target_id FROM {} WHERE {} ORDER BY owner_id, position",
                        quoted(join_table(entity, entity.fields[i])),
                        dialect.in_integers("owner_id", ":owners")),
            {owners});
        for (const auto& row : rows) {
            std::get<sdk::References>(by_id.at(db::as_integer(row.at(0)))->values[i])
                .push_back(db::as_integer(row.at(1)));
        }
    }
}

std::vector<Record> read_records(soci::session& session, const db::Dialect& dialect,
                                 const EntityDefinition& entity, const SqlQuery& query) {
    const auto fields = stored_fields(entity);
    std::vector<Record> records;
    for (const auto& row : db::query(session, query.sql, query.params)) {
        Record record{&entity, std::vector<sdk::Value>(entity.fields.size())};
        std::size_t column = 0;
        for (std::size_t i = 0; i < entity.fields.size(); ++i) {
            if (entity.fields[i].has_column()) {
                record.values[i] = from_sql(dialect, *fields[column], row.at(column));
                ++column;
            }
        }
        records.push_back(std::move(record));
    }
    load_references(session, dialect, entity, records);
    return records;
}

// The record with this id, when it is within `scope` (a row condition of RecordAccess).
ListQuery by_id(std::int64_t id, std::optional<Condition> scope = std::nullopt) {
    ListQuery query;
    query.conditions.push_back({"id", Operator::eq, false, {sdk::Value{id}}});
    if (scope) {
        query.conditions.push_back(std::move(*scope));
    }
    query.limit = 1;
    return query;
}

// Scope conditions keep reads to the rows the caller may see.
ListQuery scoped(ListQuery query, const RecordAccess& access) {
    if (auto condition = access.row_condition()) {
        query.conditions.push_back(std::move(*condition));
    }
    return query;
}

std::optional<Record> fetch(soci::session& session, const SelectHeads& heads,
                            const EntityDefinition& entity, std::int64_t id, std::string_view lock,
                            std::optional<Condition> scope = std::nullopt) {
    const auto& dialect = heads.dialect();
    SqlQuery query = list_sql(heads, entity, by_id(id, std::move(scope)));
    query.sql += lock;
    auto records = read_records(session, dialect, entity, query);
    if (records.empty()) {
        return std::nullopt;
    }
    return std::move(records.front());
}

void write_references(soci::session& session, const EntityDefinition& entity, std::int64_t id,
                      const FieldDefinition& field, const sdk::Value& value) {
    const std::string table = quoted(join_table(entity, field));
    db::execute(session, "DELETE FROM " + table + " WHERE owner_id = :id",
                {static_cast<long long>(id)});
    if (sdk::is_null(value)) {
        return;
    }
    long long position = 0;
    for (const auto target : std::get<sdk::References>(value)) {
        db::execute(session,
                    "INSERT INTO " + table + " (owner_id, target_id, position) VALUES (:o, :t, :p)",
                    {static_cast<long long>(id), static_cast<long long>(target), position++});
    }
}

std::string changes_json(const FieldValues& before, const FieldValues& after) {
    boost::json::object changes;
    for (std::size_t i = 0; i < after.size(); ++i) {
        const FieldDefinition& field = *after[i].first;
        if (field.write_only) {
            continue;  // not even its hash belongs in the history
        }
        changes[field.name] = boost::json::array{value_to_json(field, before[i].second),
                                                 value_to_json(field, after[i].second)};
    }
    return boost::json::serialize(changes);
}

// A record just inserted as a read would return it, without reading it back: every value goes
// through its stored form (to_sql, then from_sql), references lists read as empty lists.
Record as_stored(const db::Dialect& dialect, const EntityDefinition& entity, std::int64_t id,
                 const sdk::Timestamp& at, const Caller& caller, const sdk::Value& owner,
                 const FieldValues& values) {
    Record record{&entity, std::vector<sdk::Value>(entity.fields.size())};
    const auto set = [&](std::string_view name, sdk::Value value) {
        record.values[static_cast<std::size_t>(entity.field(name) - entity.fields.data())] =
            std::move(value);
    };
    set("id", id);
    set("created_at", at);
    set("updated_at", at);
    set("created_by", caller.user_id ? sdk::Value{*caller.user_id} : sdk::Value{});
    set("owner_id", owner);
    set("version", std::int64_t{1});
    for (std::size_t i = 0; i < entity.fields.size(); ++i) {
        if (entity.fields[i].type == FieldType::references) {
            record.values[i] = sdk::References{};
        }
    }
    for (const auto& [field, value] : values) {
        const auto i = static_cast<std::size_t>(field - entity.fields.data());
        if (field->type == FieldType::references) {
            if (!sdk::is_null(value)) {
                record.values[i] = value;
            }
        } else {
            record.values[i] = from_sql(dialect, *field, to_sql(dialect, *field, value));
        }
    }
    return record;
}

// Computed fields are worked out, never written.
void refuse_computed(const EntityDefinition& entity, const FieldValues& values) {
    std::vector<sdk::FieldError> problems;
    for (const auto& [field, value] : values) {
        if (field->computed) {
            problems.push_back({field->name, "is computed and cannot be written"});
        }
    }
    if (!problems.empty()) {
        throw sdk::Error(sdk::ErrorCode::validation_failed, "invalid " + entity.name,
                         std::move(problems));
    }
}

// Whether a hit could have matched text the caller may not read: such an entity is left out
// of their search, so a hit never reveals what a hidden field contains.
bool hides_searched_text(const EntityDefinition& entity, const EntityAccess& access) {
    for (std::size_t i = 0; i < entity.fields.size(); ++i) {
        if (entity.fields[i].search && !access.readable(i)) {
            return true;
        }
    }
    return false;
}

// The non-null, non-system values of a record, as (field, value) pairs.
FieldValues present_values(const Record& record) {
    FieldValues values;
    for (std::size_t i = 0; i < record.entity->fields.size(); ++i) {
        const auto& field = record.entity->fields[i];
        if (!field.system && !sdk::is_null(record.values[i])) {
            values.emplace_back(&field, record.values[i]);
        }
    }
    return values;
}

FieldValues nulls_like(const FieldValues& values) {
    FieldValues nulls;
    for (const auto& [field, value] : values) {
        nulls.emplace_back(field, sdk::Value{});
    }
    return nulls;
}

db::SqlValue user_value(const Caller& caller) {
    return caller.user_id ? db::SqlValue{static_cast<long long>(*caller.user_id)} : db::SqlValue{};
}

// A sum or an average beyond what a value of the field holds: 18 digits, as sdk::Decimal.
sdk::Error out_of_range(std::string_view what) {
    return {sdk::ErrorCode::validation_failed,
            fmt::format("{} is beyond the values a field of its type holds (18 digits); narrow "
                        "the records down with filters or group_by",
                        what)};
}

sdk::Value measure_from_sql(const db::Dialect& dialect, const FieldDefinition& field,
                            Aggregate function, const db::SqlValue& value) {
    if (db::is_null(value)) {
        return std::monostate{};
    }
    if (function == Aggregate::min || function == Aggregate::max) {
        return from_sql(dialect, field, value);
    }
    constexpr std::int64_t beyond_18_digits = 1'000'000'000'000'000'000;
    const auto refused = [&] {
        return out_of_range(fmt::format(
            "the {} of {}", function == Aggregate::avg ? "average" : "sum", field.name));
    };
    sdk::Decimal total;
    try {
        total = function == Aggregate::avg ? dialect.average_from(value, field.scale)
                                           : dialect.decimal_from(value, field.scale);
    } catch (const db::DatabaseError&) {
        throw refused();  // PostgreSQL's sum is exact: past 18 digits sdk::Decimal refuses it
    }
    if (total.units() >= beyond_18_digits || total.units() <= -beyond_18_digits) {
        throw refused();  // SQLite's sum fits 64 bits, not always 18 digits
    }
    return field.type == FieldType::integer ? sdk::Value{total.units()} : sdk::Value{total};
}

AggregateRow aggregate_row(const db::Dialect& dialect, const EntityDefinition& entity,
                           const AggregateQuery& query, const db::Row& row) {
    AggregateRow result;
    std::size_t column = 0;
    for (const auto& grouping : query.group_by) {
        const db::SqlValue& value = row.at(column++);
        if (grouping.bucket != DateBucket::none) {
            result.keys.push_back(db::is_null(value) ? sdk::Value{}
                                                     : sdk::Value{db::as_text(value)});
        } else {
            result.keys.push_back(from_sql(dialect, *entity.field(grouping.field), value));
        }
    }
    if (query.count) {
        result.count = db::as_integer(row.at(column++));
    }
    for (const auto& measure : query.measures) {
        result.measures.push_back(measure_from_sql(dialect, *entity.field(measure.field),
                                                   measure.function, row.at(column++)));
    }
    return result;
}

}  // namespace

RecordStore::RecordStore(db::Database& database, std::shared_ptr<const Schema> schema)
    : database_(database)
    , schema_(std::move(schema))
    , unrestricted_(AccessPolicy::unrestricted(*schema_))
    , select_heads_(database.dialect(), *schema_) {}

const EntityDefinition& RecordStore::entity(std::string_view name) const {
    if (const EntityDefinition* entity = schema_->find(name)) {
        return *entity;
    }
    throw sdk::Error(sdk::ErrorCode::not_found, "unknown entity '" + std::string(name) + "'");
}

Caller RecordStore::system_caller() const {
    return Caller{std::nullopt, {}, unrestricted_};
}

// The caller is answered with the record as the whole change left it: when a before-commit
// handler wrote since `writes` (it may have written this very record), it is read again.
void RecordStore::reread_if_written(soci::session& session, const EntityDefinition& entity,
                                    std::uint64_t writes, Record& record) const {
    if (writes_on_this_thread == writes) {
        return;
    }
    if (auto again = fetch(session, select_heads_, entity, record.id(), {})) {
        record = std::move(*again);
    }
}

namespace {

// If-Match: a change based on another version than the record's is refused (412).
void require_version(const Record& current, std::optional<std::int64_t> expected) {
    if (expected && *expected != current.version()) {
        throw sdk::Error(sdk::ErrorCode::precondition_failed,
                         fmt::format("{} {} is at version {}, not {}", current.entity->name,
                                     current.id(), current.version(), *expected));
    }
}

}  // namespace

Record RecordStore::create(const Caller& caller, const EntityDefinition& entity,
                           FieldValues values) {
    const RecordAccess access(caller, entity, Operation::create);
    access.require_writable(values);
    refuse_computed(entity, values);
    refuse_direct_state_change(entity, values, true);
    prepare_write(caller, entity, std::nullopt, values);
    apply_defaults(entity, values);
    const auto& dialect = database_.dialect();
    Record created;
    write_checking_races(entity, values, std::nullopt, [&](soci::session& session) {
        validate_values(session, dialect, *schema_, entity, values, nullptr);
        const auto at = sdk::Timestamp::now();
        const auto now = dialect.timestamp_value(at);
        const auto owner = initial_owner(entity, caller, values);
        std::string columns = "created_at, updated_at, created_by, owner_id, version";
        std::string placeholders = ":p1, :p2, :p3, :p4, 1";
        std::vector<db::SqlValue> params{now, now, user_value(caller),
                                         to_sql(dialect, *entity.field("owner_id"), owner)};
        for (const auto& [field, value] : values) {
            if (field->type != FieldType::references) {
                columns += ", " + quoted(field->name);
                params.push_back(to_sql(dialect, *field, value));
                placeholders += ", :p" + std::to_string(params.size());
            }
        }
        const std::int64_t id =
            db::insert_returning_id(session,
                                    fmt::format("INSERT INTO {} ({}) VALUES ({})",
                                                quoted(entity.name), columns, placeholders),
                                    params);
        for (const auto& [field, value] : values) {
            if (field->type == FieldType::references) {
                write_references(session, entity, id, *field, value);
            }
        }
        created = as_stored(dialect, entity, id, at, caller, owner, values);
        if (is_searchable(entity)) {
            index_new_record(session, dialect, created);
        }
        auto after = present_values(created);
        append_audit(session, dialect,
                     {entity.name, id, "created", sdk::Timestamp::now(), caller.user_id,
                      changes_json(nulls_like(after), after)});
        auto before = nulls_like(after);
        const auto writes = ++writes_on_this_thread;
        emit({"created", {}, created, std::move(after), std::move(before), caller.user_id});
        reread_if_written(session, entity, writes, created);
    });
    written(caller, entity, created.id(), "created", values);
    fill_computed(created);
    access.mask(created);
    return created;
}

Record RecordStore::get(const Caller& caller, const EntityDefinition& entity, std::int64_t id) {
    const RecordAccess access(caller, entity, Operation::read);
    std::optional<Record> record;
    database_.with_session([&](soci::session& session) {
        record = fetch(session, select_heads_, entity, id, {}, access.row_condition());
    });
    if (!record) {
        throw not_found(entity, id);
    }
    fill_computed(*record);
    access.mask(*record);
    return std::move(*record);
}

// The record an update or delete works on, locked with `lock`, when the caller may see it
// (else 404) and the operation's scope reaches it (else 403).
std::optional<Record> RecordStore::fetch_for_change(soci::session& session, const Caller& caller,
                                                    const RecordAccess& change,
                                                    const EntityDefinition& entity, std::int64_t id,
                                                    std::string_view lock) const {
    const RecordAccess reader(caller, entity, Operation::read);
    auto current = fetch(session, select_heads_, entity, id, lock, reader.row_condition());
    if (!current) {
        throw not_found(entity, id);
    }
    if (!change.in_scope(*current)) {
        throw sdk::Error(sdk::ErrorCode::forbidden,
                         fmt::format("you may not change {} {}", entity.name, id));
    }
    return current;
}

Record RecordStore::update(const Caller& caller, const EntityDefinition& entity, std::int64_t id,
                           const FieldValues& requested, const UpdateOptions& options) {
    const RecordAccess access(caller, entity, Operation::update);
    access.require_writable(requested);
    refuse_computed(entity, requested);
    if (options.transition.empty()) {
        refuse_direct_state_change(entity, requested, false);
    }
    const auto& expected_version = options.expected_version;
    FieldValues changes = requested;
    prepare_write(caller, entity, id, changes);
    const auto& dialect = database_.dialect();
    Record updated;
    FieldValues changed;
    write_checking_races(entity, changes, id, [&](soci::session& session) {
        auto current =
            fetch_for_change(session, caller, access, entity, id, dialect.for_no_key_update());
        require_version(*current, expected_version);
        if (options.check) {
            options.check(*current);
        }
        FieldValues before;
        FieldValues after;
        for (const auto& [field, value] : changes) {
            const sdk::Value& old_value = current->get(field->name);
            if (!(old_value == value)) {
                before.emplace_back(field, old_value);
                after.emplace_back(field, value);
            }
        }
        if (after.empty()) {
            updated = std::move(*current);
            return;
        }
        validate_values(session, dialect, *schema_, entity, after, &*current);
        std::vector<db::SqlValue> params{dialect.timestamp_value(sdk::Timestamp::now())};
        std::string assignments = "updated_at = :p1, version = version + 1";
        if (const auto owner = moved_owner(entity, *current, after)) {
            params.push_back(to_sql(dialect, *entity.field("owner_id"), *owner));
            assignments += fmt::format(", owner_id = :p{}", params.size());
        }
        for (const auto& [field, value] : after) {
            if (field->type != FieldType::references) {
                params.push_back(to_sql(dialect, *field, value));
                assignments += fmt::format(", {} = :p{}", quoted(field->name), params.size());
            }
        }
        params.push_back(static_cast<long long>(id));
        db::execute(session,
                    fmt::format("UPDATE {} SET {} WHERE id = :p{}", quoted(entity.name),
                                assignments, params.size()),
                    params);
        for (const auto& [field, value] : after) {
            if (field->type == FieldType::references) {
                write_references(session, entity, id, *field, value);
            }
        }
        updated = *fetch(session, select_heads_, entity, id, {});
        if (changes_search_text(after)) {
            index_record(session, dialect, updated);
        }
        const bool transition = !options.transition.empty();
        append_audit(session, dialect,
                     {entity.name, id, transition ? options.transition : "updated",
                      sdk::Timestamp::now(), caller.user_id, changes_json(before, after)});
        const auto writes = ++writes_on_this_thread;
        emit({transition ? "transitioned" : "updated", options.transition, updated, after,
              std::move(before), caller.user_id});
        reread_if_written(session, entity, writes, updated);
        changed = std::move(after);
    });
    if (!changed.empty()) {
        written(caller, entity, id, "updated", changed);
    }
    fill_computed(updated);
    access.mask(updated);
    return updated;
}

void RecordStore::remove(const Caller& caller, const EntityDefinition& entity, std::int64_t id,
                         std::optional<std::int64_t> expected_version) {
    const RecordAccess access(caller, entity, Operation::remove);
    const auto [first_hook, end_of_hooks] = before_remove_.equal_range(entity.name);
    for (auto hook = first_hook; hook != end_of_hooks; ++hook) {
        hook->second(caller, entity, id);
    }
    std::vector<RecordKey> gone;
    database_.write_transaction([&](soci::session& session) {
        std::vector<Record> deleted{*fetch_for_change(session, caller, access, entity, id,
                                                      database_.dialect().for_update())};
        require_version(deleted.front(), expected_version);
        std::vector<RecordKey> doomed{{&entity, id}};
        for (const auto& key : deleted_with(session, database_.dialect(), *schema_, entity, id)) {
            // Gone already when a concurrent delete took it first.
            if (auto record = fetch(session, select_heads_, *key.first, key.second,
                                    database_.dialect().for_update())) {
                doomed.push_back(key);
                deleted.push_back(std::move(*record));
            }
        }
        refuse_if_referenced(session, *schema_, doomed);
        // Consequences of the delete, which the caller makes even where they may not edit.
        const Caller consequence{caller.user_id, caller.team_user_ids, unrestricted_};
        for (const auto& [record, changes] : references_cleared_by(session, *schema_, doomed)) {
            try {
                update(consequence, *record.first, record.second, changes);
            } catch (const sdk::Error& error) {
                // Deleted by a concurrent transaction since it was read: nothing left to clear.
                if (error.code() != sdk::ErrorCode::not_found) {
                    throw;
                }
            }
        }
        delete_rows(session, doomed);
        gone.clear();
        for (auto& record : deleted) {
            if (row_gone(session, *record.entity, record.id())) {
                gone.emplace_back(record.entity, record.id());
                write_deletion(session, caller, std::move(record));
            }
        }
    });
    for (const auto& [gone_entity, gone_id] : gone) {
        written(caller, *gone_entity, gone_id, "deleted", {});
    }
}

// What a deleted record leaves: its search row goes, its audit entry and event come.
void RecordStore::write_deletion(soci::session& session, const Caller& caller,
                                 Record record) const {
    const auto& dialect = database_.dialect();
    if (is_searchable(*record.entity)) {
        unindex_record(session, dialect, record.entity->name, record.id());
    }
    ++writes_on_this_thread;
    auto before = present_values(record);
    auto nulls = nulls_like(before);
    append_audit(session, dialect,
                 {record.entity->name, record.id(), "deleted", sdk::Timestamp::now(),
                  caller.user_id, changes_json(before, nulls)});
    emit({"deleted", {}, std::move(record), std::move(nulls), std::move(before), caller.user_id});
}

ListResult RecordStore::list(const Caller& caller, const EntityDefinition& entity,
                             const ListQuery& query) {
    const RecordAccess access(caller, entity, Operation::read);
    access.require_readable(query);
    const ListQuery in_scope = scoped(query, access);
    ListResult result;
    const auto& dialect = database_.dialect();
    const SqlQuery select = list_sql(select_heads_, entity, in_scope);
    database_.with_session([&](soci::session& session) {
        result.items = read_records(session, dialect, entity, select);
        if (query.count_total) {
            const SqlQuery count = count_sql(dialect, entity, in_scope);
            result.total = db::as_integer(db::query(session, count.sql, count.params).at(0).at(0));
        }
    });
    for (auto& record : result.items) {
        fill_computed(record);
        access.mask(record);
    }
    return result;
}

std::vector<bool> RecordStore::readable_fields(const Caller& caller, const EntityDefinition& entity,
                                               const ListQuery& query) const {
    const RecordAccess access(caller, entity, Operation::read);
    access.require_readable(query);
    std::vector<bool> readable;
    for (std::size_t i = 0; i < entity.fields.size(); ++i) {
        readable.push_back(access.access().readable(i));
    }
    return readable;
}

std::vector<AggregateRow> RecordStore::aggregate(const Caller& caller,
                                                 const EntityDefinition& entity,
                                                 const AggregateQuery& query) {
    const RecordAccess access(caller, entity, Operation::read);
    access.require_readable(query);
    AggregateQuery in_scope = query;
    if (auto condition = access.row_condition()) {
        in_scope.conditions.push_back(std::move(*condition));
    }
    const auto& dialect = database_.dialect();
    const SqlQuery sql = aggregate_sql(dialect, entity, in_scope);
    std::vector<AggregateRow> rows;
    database_.with_session([&](soci::session& session) {
        try {
            for (const auto& row : db::query(session, sql.sql, sql.params)) {
                rows.push_back(aggregate_row(dialect, entity, query, row));
            }
        } catch (const db::DatabaseError& error) {
            if (db::overflows_integer(error)) {
                throw out_of_range("a sum of these records");
            }
            throw;
        }
    });
    return rows;
}

ImportResult RecordStore::import_csv(const Caller& caller, const EntityDefinition& entity,
                                     std::string_view csv) {
    const RecordAccess access(caller, entity, Operation::create);
    if (before_write_.contains(entity.name)) {
        throw sdk::Error(sdk::ErrorCode::bad_request,
                         entity.name + " records cannot be imported: create them one by one");
    }
    if (!after_write_.contains(entity.name) && !wants_event(entity.name + ".created")) {
        return records::import_csv(database_, *schema_, entity, access.access(), caller, csv);
    }
    return records::import_csv(database_, *schema_, entity, access.access(), caller, csv,
                               {import_batch_rows_one_by_one, [&](FieldValues values) {
                                    create(caller, entity, std::move(values));
                                }});
}

std::vector<Record> RecordStore::search(const Caller& caller, std::string_view text,
                                        std::size_t limit) {
    std::vector<Record> found;
    const auto& dialect = database_.dialect();
    apply_waiting_search_text(database_);
    database_.with_session([&](soci::session& session) {
        // Hits outside the caller's scope are skipped, so more are read than will be shown.
        const std::size_t candidates = std::min<std::size_t>(limit * 5, 500);
        for (const auto& hit : search_records(session, dialect, text, candidates)) {
            const EntityDefinition* entity = schema_->find(hit.entity);
            // An entity whose plugin is gone keeps its rows until its data is dropped.
            if (!entity || !RecordAccess::allows(caller, *entity, Operation::read)) {
                continue;
            }
            const RecordAccess access(caller, *entity, Operation::read);
            if (hides_searched_text(*entity, access.access())) {
                continue;
            }
            if (auto record =
                    fetch(session, select_heads_, *entity, hit.id, {}, access.row_condition())) {
                fill_computed(*record);
                access.mask(*record);
                found.push_back(std::move(*record));
                if (found.size() == limit) {
                    return;
                }
            }
        }
    });
    return found;
}

}  // namespace rapport::records
