// The record store's one enforcement point: every operation of RecordStore asks here whether
// the caller may do it, which rows it may touch and which fields it may see or write, before
// any SQL runs. Nothing else in the kernel decides access to records.
#pragma once

#include "records/caller.hpp"
#include "records/query.hpp"
#include "records/record.hpp"

#include <optional>
#include <string_view>

namespace rapport::records {

class RecordAccess {
  public:
    // Throws sdk::Error(forbidden) when the caller has no scope at all for the operation.
    RecordAccess(const Caller& caller, const EntityDefinition& entity, Operation operation);

    // Whether the caller has any scope for the operation (search skips entities it has not).
    static bool allows(const Caller& caller, const EntityDefinition& entity, Operation operation);

    const EntityAccess& access() const { return access_; }
    Scope scope() const { return scope_; }

    // The condition that keeps a read to the rows in scope; nullopt for scope `all`.
    std::optional<Condition> row_condition() const;
    // Whether a record (read without row_condition) is within the operation's scope.
    bool in_scope(const Record& record) const;

    // Filtering, ordering, grouping or selecting by a field the caller may not read would let
    // them probe it: forbidden.
    void require_readable(std::string_view field) const;
    void require_readable(const std::vector<Condition>& conditions) const;
    void require_readable(const ListQuery& query) const;
    void require_readable(const AggregateQuery& query) const;
    // Whether the caller may write the field `name` of the entity.
    bool writable(std::string_view name) const;
    // Throws sdk::Error(forbidden) with a detail per field the caller may not write.
    void require_writable(const FieldValues& values) const;

    // Clears what the caller may not read and marks it hidden.
    void mask(Record& record) const;

  private:
    const Caller& caller_;
    const EntityDefinition& entity_;
    const EntityAccess& access_;
    Scope scope_;
};

}  // namespace rapport::records
