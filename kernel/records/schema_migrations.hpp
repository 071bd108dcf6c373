// Turns a Schema into the additive migrations that bring a database up to it: one creating
// each table with its system columns, then one per field (column, index, foreign key or join
// table). Ids are stable, so a field added later is one new migration.
#pragma once

#include "db/migrations.hpp"
#include "records/schema.hpp"

#include <vector>

namespace rapport::records {

std::vector<db::Migration> schema_migrations(const Schema& schema);

// Drops an entity's table and join tables with its audit entries, search rows and migration
// records, so that declaring it again starts from nothing (a plugin uninstalled with
// drop_data). Throws db::DatabaseError when other tables still refer to it.
void drop_entity_data(soci::session& session, const db::Dialect& dialect,
                      const EntityDefinition& entity);

}  // namespace rapport::records
