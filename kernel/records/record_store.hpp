// The record store: creates, reads, updates and deletes records of any entity in the schema,
// validating values, keeping references intact and writing the audit trail in the same
// transaction. Every read goes through one query path (list_sql/where_clause), the place
// where access rules filter what a caller may see.
#pragma once

#include "records/audit_log.hpp"
#include "records/caller.hpp"
#include "records/query.hpp"
#include "records/query_sql.hpp"
#include "records/record.hpp"
#include "records/record_event.hpp"
#include "records/record_import.hpp"
#include "records/schema.hpp"

#include <rapport/sdk/aggregate.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

namespace rapport::db {
class Database;
}
namespace soci {
class session;
}

namespace rapport::records {

class RecordAccess;

struct ListResult {
    std::vector<Record> items;
    std::optional<std::int64_t> total;  // when the query asked for it
};

struct UpdateOptions {
    // A stale version is precondition_failed (412).
    std::optional<std::int64_t> expected_version;
    // Set by the workflow engine: the update is this transition, which may write the workflow's
    // field, is audited under its name and emits `<entity>.transitioned`.
    std::string transition;
    // Runs on the record as it is, locked, before anything is written (the engine checks a
    // transition's starting state there); what it throws refuses the update.
    std::function<void(const Record& current)> check;
};

// Per grouping the field's value or the bucket's text, the count, per measure its value: the
// SDK's row (sdk/aggregate.hpp), which plugins get as it is.
using sdk::AggregateRow;

class RecordStore {
  public:
    RecordStore(db::Database& database, std::shared_ptr<const Schema> schema);

    const Schema& schema() const { return *schema_; }
    db::Database& database() const { return database_; }
    // Throws sdk::Error(not_found) for an entity the schema does not have.
    const EntityDefinition& entity(std::string_view name) const;

    // The kernel itself: every operation on every entity, recorded without a user.
    Caller system_caller() const;

    // Runs before a create (id nullopt) or update (the record's id) of `entity`, outside its
    // transaction (it may be slow, as password hashing is): checks and rewrites the written
    // values, throwing sdk::Error to refuse them. Entities with such a hook cannot be imported
    // from CSV. Register hooks before the store serves requests; one per entity (a second
    // throws std::logic_error).
    using BeforeWrite = std::function<void(const Caller&, const EntityDefinition&,
                                           std::optional<std::int64_t> id, FieldValues&)>;
    void on_before_write(std::string entity, BeforeWrite hook);
    // Works out a field declared `computed: true` whenever a record of its entity is read or
    // returned (get, list, export, search, create, update); the record holds the stored values.
    // Throws sdk::Error(bad_request) for a field that is not declared computed.
    using Compute = std::function<sdk::Value(const Record&)>;
    void set_computed(std::string_view entity, std::string_view field, Compute compute);

    // Runs before a delete, outside its transaction; throws sdk::Error to refuse it. An entity
    // may have several, run in the order they were added.
    using BeforeRemove =
        std::function<void(const Caller&, const EntityDefinition&, std::int64_t id)>;
    void on_before_remove(std::string entity, BeforeRemove hook);
    // Runs after a create ("created"), update ("updated", with the values that changed) or
    // delete ("deleted") of `entity` has committed (the outermost transaction, when the change
    // joined one). It cannot fail the request: what it throws is logged. One per entity.
    using AfterWrite = std::function<void(const Caller&, const EntityDefinition&, std::int64_t id,
                                          std::string_view action, const FieldValues& changes)>;
    void on_after_write(std::string entity, AfterWrite hook);
    // Every create, update, transition and delete of any entity, for the workflow engine
    // (records/record_event.hpp). A before_commit hook that throws refuses the change.
    void set_event_hooks(RecordEventHooks hooks);
    // How code runs an action on a record (the workflow engine installs itself): transitions
    // and plugin actions, internal transitions included. `params` is a JSON object.
    using RunAction = std::function<Record(const Caller&, const EntityDefinition&, std::int64_t id,
                                           std::string_view action, const std::string& params)>;
    void set_action_runner(RunAction runner);
    // Throws sdk::Error(not_found) when no workflow engine runs on this store.
    Record run_action(const Caller& caller, const EntityDefinition& entity, std::int64_t id,
                      std::string_view action, const std::string& params) const;

    // Every method below checks the caller's access first (records/record_access.hpp): no
    // scope for the operation is forbidden (403), a record outside the read scope is
    // not_found (404), one the caller may see but not change is forbidden, and fields the
    // caller may not read are absent from what comes back.

    // Throws sdk::Error: validation_failed (422) with a detail per field.
    Record create(const Caller& caller, const EntityDefinition& entity, FieldValues values);
    // Throws sdk::Error(not_found).
    Record get(const Caller& caller, const EntityDefinition& entity, std::int64_t id);
    // Only the given fields change. The field of a strict workflow, and the action-only states
    // of a free one, are written only by transitions (validation_failed otherwise).
    Record update(const Caller& caller, const EntityDefinition& entity, std::int64_t id,
                  const FieldValues& changes, const UpdateOptions& options = {});
    // A record other records still refer to (restrict) is a conflict (409) naming them.
    // `expected_version`, when given, must be the record's version (else 412), as for update.
    void remove(const Caller& caller, const EntityDefinition& entity, std::int64_t id,
                std::optional<std::int64_t> expected_version = std::nullopt);

    // A request names only records its caller may read: a reference in `values` to one outside
    // their read scope is refused as one to nothing (validation_failed), so that a write over
    // the API neither attaches to what the caller cannot see (a line on a colleague's order)
    // nor tells them it exists. Plugin code acting for the caller is not held to it: an action
    // may hand a record over to someone else and go on referring to it.
    void require_readable_targets(const Caller& caller, const FieldValues& values) const;

    ListResult list(const Caller& caller, const EntityDefinition& entity, const ListQuery& query);
    // Refuses (403) a list the caller may not run, as list() would, but before anything is
    // streamed; returns by field position whether the caller may read the field (export leaves
    // out the others).
    std::vector<bool> readable_fields(const Caller& caller, const EntityDefinition& entity,
                                      const ListQuery& query) const;
    std::vector<AggregateRow> aggregate(const Caller& caller, const EntityDefinition& entity,
                                        const AggregateQuery& query);
    // Creates a record per valid CSV row; see record_import.hpp. When something handles the
    // entity's `created` events or has an after-write hook on it, each row is created as
    // create() does, events and hooks included, and a row they refuse is a row error;
    // otherwise the rows take the backend's fast path.
    ImportResult import_csv(const Caller& caller, const EntityDefinition& entity,
                            std::string_view csv);

    // Records of every searchable entity matching all words of `text` as prefixes, best first.
    std::vector<Record> search(const Caller& caller, std::string_view text, std::size_t limit);
    std::vector<AuditEntry> history(const Caller& caller, const EntityDefinition& entity,
                                    std::int64_t id);

  private:
    void prepare_write(const Caller& caller, const EntityDefinition& entity,
                       std::optional<std::int64_t> id, FieldValues& values) const;
    void fill_computed(Record& record) const;
    void written(const Caller& caller, const EntityDefinition& entity, std::int64_t id,
                 std::string_view action, const FieldValues& changes) const;
    void emit(RecordEvent event) const;
    bool wants_event(const std::string& name) const;
    void reread_if_written(soci::session& session, const EntityDefinition& entity,
                           std::uint64_t writes, Record& record) const;
    void write_deletion(soci::session& session, const Caller& caller, Record record) const;
    void write_checking_races(const EntityDefinition& entity, const FieldValues& values,
                              std::optional<std::int64_t> id,
                              const std::function<void(soci::session&)>& work);
    std::optional<Record> fetch_for_change(soci::session& session, const Caller& caller,
                                           const RecordAccess& change,
                                           const EntityDefinition& entity, std::int64_t id,
                                           std::string_view lock) const;

    db::Database& database_;
    std::shared_ptr<const Schema> schema_;
    std::shared_ptr<const AccessPolicy> unrestricted_;
    SelectHeads select_heads_;
    std::map<std::string, BeforeWrite, std::less<>> before_write_;
    std::multimap<std::string, BeforeRemove, std::less<>> before_remove_;
    std::map<std::string, AfterWrite, std::less<>> after_write_;
    std::map<const FieldDefinition*, Compute> computed_;
    RecordEventHooks event_hooks_;
    RunAction action_runner_;
};

}  // namespace rapport::records
