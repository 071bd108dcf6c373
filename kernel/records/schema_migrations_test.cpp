#include "records/schema_migrations.hpp"

#include "database_fixture.hpp"
#include "db/migrations.hpp"
#include "db/statement.hpp"
#include "records/entity_yaml.hpp"
#include "records/schema.hpp"
#include "records/search_index.hpp"

#include <gmock/gmock.h>

#include <algorithm>
#include <string>
#include <vector>

namespace rapport::records {
namespace {

using ::testing::Contains;

class SchemaMigrationsTest : public testing::DatabaseTest {
  protected:
    void migrate(const std::string& yaml) {
        schema_ = std::make_shared<const Schema>(parse_entities_yaml(yaml, "test", "test.yaml"));
        auto migrations = schema_migrations(*schema_);
        migrations.insert(migrations.begin(), {search_index_migration(), search_queue_migration()});
        db::apply_migrations(database(), migrations);
    }

    // The names of the indexes the migrations made on the table: not the ones the database
    // makes itself for the primary key (and, on SQLite, for UNIQUE constraints).
    std::vector<std::string> indexes_of(const std::string& table) {
        const bool sqlite = backend() == db::Backend::sqlite;
        std::vector<std::string> names;
        database().with_session([&](soci::session& session) {
            const auto rows = db::query(
                session,
                sqlite ? "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = :t "
                         "AND name NOT LIKE 'sqlite_autoindex%'"
                       : "SELECT indexname FROM pg_indexes WHERE tablename = :t AND indexname "
                         "NOT LIKE '%pkey'",
                {table});
            for (const auto& row : rows) {
                names.push_back(db::as_text(row.at(0)));
            }
        });
        std::sort(names.begin(), names.end());
        return names;
    }

    std::shared_ptr<const Schema> schema_;
};

TEST_P(SchemaMigrationsTest, OnlyAReferenceGivesUpItsOwnIndexToADeclaredOneLedByIt) {
    migrate(R"(
account:
  fields:
    name: {type: string, required: true}
contact:
  indexes: [[account_id, last_name], [last_name, first_name]]
  fields:
    first_name: {type: string}
    last_name: {type: string, required: true, index: true}
    email: {type: email, index: true}
    account_id: {type: reference, to: account, index: true}
    manager_id: {type: reference, to: contact}
)");

    const auto indexes = indexes_of("contact");

    EXPECT_EQ(indexes,
              (std::vector<std::string>{"ix_contact_account_id_last_name", "ix_contact_email",
                                        "ix_contact_last_name", "ix_contact_last_name_first_name",
                                        "ix_contact_manager_id", "ix_contact_owner"}));
}

TEST_P(SchemaMigrationsTest, AUniqueFieldKeepsItsUniqueIndexWhenItLeadsADeclaredOne) {
    migrate(R"(
product:
  indexes: [[code, name]]
  fields:
    code: {type: string, unique: true}
    name: {type: string}
)");

    EXPECT_THAT(indexes_of("product"), Contains("ux_product_code"));
}

TEST_P(SchemaMigrationsTest, AnIndexDeclaredOnAFieldThatHasItsColumnIsMadeToo) {
    migrate("product: {fields: {code: {type: string}, name: {type: string}}}");
    ASSERT_EQ(indexes_of("product"), std::vector<std::string>{"ix_product_owner"});

    migrate(
        "product: {fields: {code: {type: string, unique: true}, name: {type: string, index: "
        "true}}}");

    EXPECT_EQ(indexes_of("product"),
              (std::vector<std::string>{"ix_product_name", "ix_product_owner", "ux_product_code"}));
}

RAPPORT_INSTANTIATE_FOR_EVERY_BACKEND(SchemaMigrationsTest);

}  // namespace
}  // namespace rapport::records
