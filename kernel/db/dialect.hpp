// Every difference between SQLite and PostgreSQL that the kernel relies on, in one interface.
// SQL elsewhere is written once, through these pieces, and behaves the same on both.
#pragma once

#include "db/backend.hpp"
#include "db/sql_value.hpp"

#include <rapport/sdk/decimal.hpp>
#include <rapport/sdk/timestamp.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace rapport::db {

struct ConnectionSettings {
    unsigned busy_timeout_ms = 5000;
    bool runs_writes = false;  // the SQLite connection every write transaction runs on
};

class Dialect {
  public:
    virtual ~Dialect() = default;

    virtual Backend backend() const = 0;

    // Statements run once on every new connection.
    virtual std::vector<std::string> connection_setup(const ConnectionSettings& settings) const = 0;
    // SQLite takes the write lock up front: a deferred BEGIN that later writes fails with
    // SQLITE_BUSY under concurrent writers, whatever the busy timeout.
    virtual std::string_view begin_write() const = 0;

    // "id" column definition: never reuses the id of a deleted row.
    virtual std::string_view id_column() const = 0;
    // The columns of the index of an ordered field, so that `ORDER BY field ASC NULLS FIRST,
    // id ASC` (and its reverse) reads the index instead of sorting.
    virtual std::string index_columns(std::string_view column) const = 0;
    // Row locks a SELECT inside a write transaction ends with, on PostgreSQL: FOR UPDATE for rows
    // about to be deleted or claimed, FOR NO KEY UPDATE for rows about to change other columns
    // than their id (it lets other transactions insert rows referring to them meanwhile: the
    // FOR KEY SHARE of their foreign key checks does not conflict with it, where with FOR UPDATE
    // two writers of lines of one order deadlock on the order), FOR KEY SHARE for rows that
    // must not be deleted (or their id changed) before the transaction commits, what a foreign
    // key's check takes. Nothing on SQLite, whose write transaction holds the database's only
    // write lock.
    std::string_view for_update() const {
        return backend() == Backend::postgresql ? " FOR UPDATE" : "";
    }
    std::string_view for_no_key_update() const {
        return backend() == Backend::postgresql ? " FOR NO KEY UPDATE" : "";
    }
    std::string_view for_key_share() const {
        return backend() == Backend::postgresql ? " FOR KEY SHARE" : "";
    }
    // FOR UPDATE that passes over rows another transaction holds: several claimers of a queue
    // each take different rows instead of waiting for one another.
    std::string_view for_update_skip_locked() const {
        return backend() == Backend::postgresql ? " FOR UPDATE SKIP LOCKED" : "";
    }
    // Every other integer column: 64 bits on both backends.
    std::string_view integer_column() const { return "BIGINT"; }

    // money and decimal: NUMERIC read as text on PostgreSQL (SOCI 4.0 would read a double),
    // integer units on SQLite (which has no decimal type).
    virtual std::string decimal_column(int scale) const = 0;
    virtual std::string decimal_select(std::string_view expression) const = 0;
    virtual SqlValue decimal_value(const sdk::Decimal& value) const = 0;
    // Throws DatabaseError when the stored value does not fit the scale.
    virtual sdk::Decimal decimal_from(const SqlValue& value, int scale) const = 0;

    // datetime: timestamptz on PostgreSQL, canonical UTC text on SQLite; both read back and
    // compared as the canonical text "2026-11-22T09:41:06.250Z".
    virtual std::string_view timestamp_column() const = 0;
    virtual std::string timestamp_select(std::string_view expression) const = 0;
    SqlValue timestamp_value(const sdk::Timestamp& value) const { return value.to_canonical(); }

    // boolean: BOOLEAN on PostgreSQL, 0/1 on SQLite; read as an integer 0/1 on both.
    virtual std::string_view boolean_column() const = 0;
    virtual std::string boolean_select(std::string_view expression) const = 0;

    // date: "YYYY-MM-DD" in and out.
    virtual std::string_view date_column() const = 0;
    virtual std::string date_select(std::string_view expression) const = 0;

    // Date buckets for reports, as text that sorts in time order: day "2026-11-22", week (its
    // Monday) "2026-11-16", month "2026-11", year "2026". `is_timestamp` for datetime columns
    // (bucketed in UTC).
    enum class Bucket { day, week, month, year };
    virtual std::string date_bucket(std::string_view expression, Bucket bucket,
                                    bool is_timestamp) const = 0;
    // avg() of a decimal or integer column, exact (never through a double) and rounded half
    // away from zero to `scale`, read by average_from(), which throws DatabaseError when the
    // average does not fit a decimal.
    virtual std::string decimal_average(std::string_view expression, int scale) const = 0;
    virtual sdk::Decimal average_from(const SqlValue& value, int scale) const = 0;

    // `like` is case-sensitive and `ilike` case-insensitive (ASCII letters) on both backends;
    // `*` in the user's pattern is the wildcard and every other character is literal.
    virtual std::string like_condition(std::string_view expression, std::string_view placeholder,
                                       bool case_sensitive) const = 0;
    virtual std::string like_pattern(std::string_view user_pattern, bool case_sensitive) const = 0;

    // `expression` is one of a set of integers bound as the one parameter `placeholder`, whose
    // value is integers_value(set). The statement's text is the same whatever the set, so it is
    // prepared once: ids written into the SQL made every batch a new statement, and pushed the
    // hot ones out of the connection's cache of prepared statements.
    virtual std::string in_integers(std::string_view expression,
                                    std::string_view placeholder) const = 0;
    virtual SqlValue integers_value(const std::vector<std::int64_t>& values) const = 0;
};

const Dialect& dialect_for(Backend backend);

}  // namespace rapport::db
