#include "db/database_error.hpp"
#include "db/dialect.hpp"
#include "db/like_pattern.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <charconv>
#include <cstdlib>

namespace rapport::db {
namespace {

// Up to this much of a database file is mapped; the rest is read with pread().
constexpr long long sqlite_mmap_bytes = 1LL << 30;

}  // namespace

class SqliteDialect final : public Dialect {
  public:
    Backend backend() const override { return Backend::sqlite; }

    std::vector<std::string> connection_setup(const ConnectionSettings& settings) const override {
        // The busy timeout first: switching to WAL needs a lock another process may hold.
        std::vector<std::string> setup{
            fmt::format("PRAGMA busy_timeout = {}", settings.busy_timeout_ms),
            "PRAGMA journal_mode = WAL",
            "PRAGMA synchronous = NORMAL",
            "PRAGMA foreign_keys = ON",
            // Reads the file's pages through a memory map instead of a pread() each: a read by
            // id misses SQLite's 2 MiB page cache on any database larger than that. Writes still
            // go through the WAL.
            fmt::format("PRAGMA mmap_size = {}", sqlite_mmap_bytes),
        };
        // A grouped write's savepoint journals the pages it changes, and past 64 KiB SQLite
        // would write that journal to a file in /var/tmp. Only on the writing connection:
        // in memory, the temporary B-trees of a GROUP BY over 1,000,000 rows cost the
        // aggregate a third more time.
        if (settings.runs_writes) {
            setup.emplace_back("PRAGMA temp_store = MEMORY");
        }
        return setup;
    }

    std::string_view begin_write() const override { return "BEGIN IMMEDIATE"; }

    std::string_view id_column() const override { return "id INTEGER PRIMARY KEY AUTOINCREMENT"; }

    // Every SQLite index already ends with the rowid, which is the id.
    std::string index_columns(std::string_view column) const override {
        return std::string(column);
    }

    std::string decimal_column(int) const override { return "BIGINT"; }
    std::string decimal_select(std::string_view expression) const override {
        return std::string(expression);
    }
    SqlValue decimal_value(const sdk::Decimal& value) const override { return value.units(); }
    sdk::Decimal decimal_from(const SqlValue& value, int scale) const override {
        return sdk::Decimal{as_integer(value), scale};
    }

    std::string_view timestamp_column() const override { return "TEXT"; }
    std::string timestamp_select(std::string_view expression) const override {
        return std::string(expression);
    }

    std::string_view boolean_column() const override { return "BIGINT"; }
    std::string boolean_select(std::string_view expression) const override {
        return std::string(expression);
    }

    std::string_view date_column() const override { return "TEXT"; }
    std::string date_select(std::string_view expression) const override {
        return std::string(expression);
    }

    // Dates and canonical timestamps are ISO text: buckets are prefixes.
    std::string date_bucket(std::string_view expression, Bucket bucket, bool) const override {
        switch (bucket) {
            case Bucket::day:
                return fmt::format("substr({}, 1, 10)", expression);
            case Bucket::week:
                return fmt::format("date(substr({}, 1, 10), 'weekday 0', '-6 days')", expression);
            case Bucket::month:
                return fmt::format("substr({}, 1, 7)", expression);
            case Bucket::year:
                break;
        }
        return fmt::format("substr({}, 1, 4)", expression);
    }
    // Integer units: the average rounded to whole units is the average at the column's scale.
    // SQLite's avg() is a double, so the sum of the units and their count, divided here.
    std::string decimal_average(std::string_view expression, int) const override {
        return fmt::format("sum({0}) || ':' || count({0})", expression);
    }
    sdk::Decimal average_from(const SqlValue& value, int scale) const override {
        const std::string text = as_text(value);
        const char* const begin = text.data();
        const char* const end = begin + text.size();
        const auto colon = text.find(':');
        long long sum = 0;
        long long count = 0;
        if (colon == std::string::npos ||
            std::from_chars(begin, begin + colon, sum).ptr != begin + colon ||
            std::from_chars(begin + colon + 1, end, count).ptr != end || count <= 0) {
            throw DatabaseError("an average read back as '" + text + "'");
        }
        long long units = sum / count;
        const long long remainder = std::abs(sum % count);
        if (remainder >= count - remainder && remainder != 0) {
            units += sum < 0 ? -1 : 1;  // half away from zero, as PostgreSQL's round()
        }
        return sdk::Decimal{units, scale};
    }

    // SQLite's LIKE ignores ASCII case, so case-sensitive matching uses GLOB.
    std::string like_condition(std::string_view expression, std::string_view placeholder,
                               bool case_sensitive) const override {
        return case_sensitive ? fmt::format("{} GLOB {}", expression, placeholder)
                              : fmt::format("{} LIKE {} ESCAPE '\\'", expression, placeholder);
    }
    std::string like_pattern(std::string_view user_pattern, bool case_sensitive) const override {
        return case_sensitive ? glob_pattern(user_pattern) : sql_like_pattern(user_pattern);
    }

    // A JSON array, read back by the json_each table-valued function.
    std::string in_integers(std::string_view expression,
                            std::string_view placeholder) const override {
        return fmt::format("{} IN (SELECT value FROM json_each({}))", expression, placeholder);
    }
    SqlValue integers_value(const std::vector<std::int64_t>& values) const override {
        return fmt::format("[{}]", fmt::join(values, ","));
    }
};

const Dialect& sqlite_dialect() {
    static const SqliteDialect dialect;
    return dialect;
}

}  // namespace rapport::db
