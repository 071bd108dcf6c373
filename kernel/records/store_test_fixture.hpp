// For tests of the record store and of what writes through it: a store over a fresh database
// of each backend (testing::DatabaseTest) with the tables of the test entities, the audit log
// and the search index migrated.
#pragma once

#include "database_fixture.hpp"
#include "db/migrations.hpp"
#include "records/audit_log.hpp"
#include "records/entity_yaml.hpp"
#include "records/record_store.hpp"
#include "records/schema_migrations.hpp"
#include "records/search_index.hpp"

#include <memory>
#include <string>

namespace rapport::records {

// Every field type, unique fields, references, lists, each on_delete, and a regarding pair.
inline constexpr const char* store_test_entities = R"(
account:
  fields:
    name: {type: string, required: true, max: 200, search: true}
    code: {type: string, unique: true}
    tax_id: {type: string, unique: true}
    type: {type: enum, values: [customer, prospect, partner, other], default: customer}
    revenue: {type: money}
    active: {type: boolean, default: true}
    founded: {type: date}
    last_contact: {type: datetime}
contact:
  fields:
    last_name: {type: string, required: true}
    account_id: {type: reference, to: account}
tag:
  fields:
    label: {type: string, required: true}
    memo_id: {type: reference, to: memo}
deal:
  fields:
    title: {type: string, required: true}
    tag_ids: {type: references, to: tag}
    probability: {type: percent, min: 0, max: 100}
    keywords: {type: strings}
    seats: {type: integer}
    memo_id: {type: reference, to: memo, on_delete: set_null}
    memo_ids: {type: references, to: memo, on_delete: cascade}
memo:
  fields:
    text: {type: string, search: true}
    account_id: {type: reference, to: account, on_delete: cascade}
    parent_id: {type: reference, to: memo, on_delete: cascade}
comment:
  fields:
    regarding_entity: {type: string, max: 48}
    regarding_id: {type: integer}
    text: {type: string, required: true}
)";

class StoreTest : public testing::DatabaseTest {
  protected:
    explicit StoreTest(const char* entities_yaml = store_test_entities)
        : schema_(std::make_shared<const Schema>(
              parse_entities_yaml(entities_yaml, "test", "test.yaml")))
        , store_(database(), schema_) {
        auto migrations = schema_migrations(*schema_);
        migrations.insert(migrations.begin(), {audit_log_migration(), search_index_migration(),
                                               search_queue_migration()});
        db::apply_migrations(database(), migrations);
    }

    const EntityDefinition& entity(const std::string& name) { return store_.entity(name); }

    std::shared_ptr<const Schema> schema_;
    RecordStore store_;
};

}  // namespace rapport::records
