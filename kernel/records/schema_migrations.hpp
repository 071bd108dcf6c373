// Turns a Schema into the additive migrations that bring a database up to it: one creating
// each table with its system columns, then one per field (column, index, foreign key or join
// table). Ids are stable, so a field added later is one new migration.
#pragma once

#include "db/migrations.hpp"
#include "records/schema.hpp"

#include <vector>

namespace rapport::records {

std::vector<db::Migration> schema_migrations(const Schema& schema);

}  // namespace rapport::records
