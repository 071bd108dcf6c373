// CSV import (POST /api/v1/records/{entity}/import): the header names fields, each row
// becomes a record. A bad row is reported and skipped; the others are checked and written in
// batches, each batch one transaction with its audit entries and search index rows: through
// the backend's fast path (COPY, or one prepared INSERT), or, when the caller says how,
// one create at a time with the events and hooks of an ordinary create.
#pragma once

#include "records/access_policy.hpp"
#include "records/entity_definition.hpp"
#include "records/record_import_one_by_one.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace rapport::db {
class Database;
}

namespace rapport::records {

struct Caller;
class Schema;

struct ImportError {
    std::size_t row;  // the CSV line the row starts on (the header is line 1)
    std::string field;
    std::string message;
};

struct ImportResult {
    std::size_t created = 0;
    std::vector<ImportError> errors;  // the first max_import_errors
    std::size_t error_count = 0;
};

inline constexpr std::size_t max_import_errors = 1000;
// Rows a transaction writes: each commit rewrites the index pages its batch touched, so
// fewer, larger batches write less (100,000 rows: 10 % faster than 50,000 on SQLite), while
// a batch holds SQLite's one write lock for two seconds or so.
inline constexpr std::size_t import_batch_rows = 100'000;
// Rows a transaction creates one at a time. Each is a savepoint, a subtransaction on
// PostgreSQL, where more than 64 in one transaction overflow every backend's cache of them and
// slow down other sessions' reads; 25 rows leave room for a validator's own savepoint per row.
inline constexpr std::size_t import_batch_rows_one_by_one = 25;

struct ImportOptions {
    std::size_t batch_rows = import_batch_rows;
    // When set, every row is created through it instead of the fast path.
    CreateRecord create_each;
};

// Throws sdk::Error(bad_request) when the CSV is malformed or its header names a column that
// is unknown, read-only, write-only or repeated, or leaves out a required field without a
// default; forbidden when it names a field `access` does not let the caller write. Batches
// commit on connections of their own, so do not call it inside a write transaction.
ImportResult import_csv(db::Database& database, const Schema& schema,
                        const EntityDefinition& entity, const EntityAccess& access,
                        const Caller& caller, std::string_view csv, ImportOptions options = {});

}  // namespace rapport::records
