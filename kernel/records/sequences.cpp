#include "records/sequences.hpp"

#include "db/database.hpp"
#include "db/statement.hpp"

#include <fmt/format.h>

namespace rapport::records {

db::Migration sequences_migration() {
    return {"kernel/0120_sequences", [](soci::session& session, const db::Dialect& dialect) {
                db::execute(session,
                            fmt::format("CREATE TABLE rapport_sequences (name VARCHAR(100) "
                                        "PRIMARY KEY, value {} NOT NULL)",
                                        dialect.integer_column()));
            }};
}

std::int64_t next_in_sequence(db::Database& database, std::string_view name) {
    std::int64_t value = 0;
    database.write_transaction([&](soci::session& session) {
        // One statement on both backends (SQLite has had UPSERT … RETURNING since 3.35).
        const auto rows = db::query(
            session,
            "INSERT INTO rapport_sequences (name, value) VALUES (:name, 1) ON CONFLICT (name) "
            "DO UPDATE SET value = rapport_sequences.value + 1 RETURNING value",
            {std::string(name)});
        value = db::as_integer(rows.at(0).at(0));
    });
    return value;
}

}  // namespace rapport::records
