// The record store as a plugin reaches it: create, read, change, delete and add up records of
// any entity, with the kernel's validation, references, audit trail and search index.
#pragma once

#include <rapport/sdk/aggregate.hpp>
#include <rapport/sdk/record.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rapport::sdk {

class RecordStore {
  public:
    virtual ~RecordStore();

    // Values may be given typed or as text in the API's formats ("450000000.00",
    // "2026-11-22"); either way they are checked against the field. Every method throws
    // sdk::Error as the HTTP API answers: not_found, validation_failed with a detail per field,
    // conflict.
    virtual Record create(std::string_view entity, const FieldMap& values) = 0;
    virtual Record get(std::string_view entity, std::int64_t id) = 0;
    // Only the given fields change.
    virtual Record update(std::string_view entity, std::int64_t id, const FieldMap& changes) = 0;
    virtual void remove(std::string_view entity, std::int64_t id) = 0;
    // `query` in the list API's syntax: {{"stage", "eq.won"}, {"order", "name.asc"},
    // {"limit", "10"}}.
    virtual std::vector<Record> list(
        std::string_view entity, const std::vector<std::pair<std::string, std::string>>& query) = 0;
    // Runs action `action` on the record as POST .../actions/{action} would, with `params` (a
    // JSON object) — transitions declared `internal: true` included, which only code may run —
    // and returns the record after it. Inside an action it joins the action's transaction.
    virtual Record act(std::string_view entity, std::int64_t id, std::string_view action,
                       std::string_view params = "{}") = 0;
    // Groups, counts and sums the records `query` selects in one statement, as GET
    // .../aggregate answers: the database adds up, so a report over a million records reads a
    // few rows instead of a million. The reader's scope applies as to list(); a field they may
    // not read is forbidden, a query the API would refuse bad_request naming each problem.
    // (Last in the class: new virtuals go at the end, so plugins built before keep working.)
    virtual std::vector<AggregateRow> aggregate(std::string_view entity,
                                                const AggregateQuery& query) = 0;
};

}  // namespace rapport::sdk
