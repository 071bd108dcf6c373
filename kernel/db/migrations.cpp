#include "db/migrations.hpp"

#include "db/database.hpp"
#include "db/statement.hpp"

#include <rapport/sdk/timestamp.hpp>

#include <soci/soci.h>

#include <set>

namespace rapport::db {
namespace {

// Serialises concurrent migrators on PostgreSQL; SQLite's BEGIN IMMEDIATE already does.
constexpr long long migration_lock_key = 0x5261707030;  // "Rapp0"

std::set<std::string> applied_ids(soci::session& session) {
    std::set<std::string> ids;
    for (const Row& row : query(session, "SELECT id FROM rapport_migrations")) {
        ids.insert(as_text(row.at(0)));
    }
    return ids;
}

}  // namespace

std::vector<std::string> apply_migrations(Database& database,
                                          std::span<const Migration> migrations) {
    std::vector<std::string> applied;
    const Dialect& dialect = database.dialect();
    database.write_transaction(
        [&](soci::session& session) {
            if (dialect.backend() == Backend::postgresql) {
                execute(session, "SELECT pg_advisory_xact_lock(:key)", {migration_lock_key});
            }
            execute(session,
                    "CREATE TABLE IF NOT EXISTS rapport_migrations ("
                    "id VARCHAR(200) PRIMARY KEY, applied_at " +
                        std::string(dialect.timestamp_column()) + " NOT NULL)");
            const auto done = applied_ids(session);
            for (const Migration& migration : migrations) {
                if (done.contains(migration.id)) {
                    continue;
                }
                migration.apply(session, dialect);
                execute(session,
                        "INSERT INTO rapport_migrations (id, applied_at) VALUES (:id, :at)",
                        {migration.id, dialect.timestamp_value(sdk::Timestamp::now())});
                applied.push_back(migration.id);
            }
        },
        WriteSize::bulk);  // alone: others' writes must not cross its tables and search rows
    return applied;
}

}  // namespace rapport::db
