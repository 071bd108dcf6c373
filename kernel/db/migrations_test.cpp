#include "db/migrations.hpp"

#include "database_fixture.hpp"
#include "db/statement.hpp"

#include <gmock/gmock.h>
#include <soci/soci.h>

#include <atomic>
#include <thread>

namespace rapport::db {
namespace {

using testing::DatabaseTest;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::vector<Migration> two_migrations(std::atomic<int>* runs = nullptr) {
    return {
        {"test/0001_contacts",
         [runs](soci::session& session, const Dialect& dialect) {
             if (runs) {
                 ++*runs;
             }
             execute(session,
                     "CREATE TABLE contacts (" + std::string(dialect.id_column()) + ", name TEXT)");
         }},
        {"test/0002_contact_email",
         [](soci::session& session, const Dialect&) {
             execute(session, "ALTER TABLE contacts ADD COLUMN email TEXT");
         }},
    };
}

class MigrationsTest : public DatabaseTest {
  protected:
    bool table_exists(const std::string& table) {
        bool exists = false;
        database().with_session([&](soci::session& session) {
            try {
                query(session, "SELECT count(*) FROM " + table);
                exists = true;
            } catch (const std::exception&) {
            }
        });
        return exists;
    }
};

TEST_P(MigrationsTest, AppliesEachMigrationOnce) {
    EXPECT_THAT(apply_migrations(database(), two_migrations()),
                ElementsAre("test/0001_contacts", "test/0002_contact_email"));
    EXPECT_THAT(apply_migrations(database(), two_migrations()), IsEmpty());
    database().with_session([](soci::session& session) {
        execute(session, "INSERT INTO contacts (name, email) VALUES ('Ann', 'ann@example.com')");
    });
}

TEST_P(MigrationsTest, AFailingMigrationLeavesNothingBehind) {
    auto migrations = two_migrations();
    migrations.push_back({"test/0003_broken", [](soci::session& session, const Dialect&) {
                              execute(session, "ALTER TABLE no_such_table ADD COLUMN x TEXT");
                          }});
    EXPECT_ANY_THROW(apply_migrations(database(), migrations));
    EXPECT_FALSE(table_exists("contacts"));
    EXPECT_THAT(apply_migrations(database(), two_migrations()), ::testing::SizeIs(2));
}

TEST_P(MigrationsTest, ConcurrentProcessesApplyEachMigrationOnce) {
    std::atomic<int> runs{0};
    std::atomic<int> failures{0};
    std::vector<std::thread> processes;
    for (int i = 0; i < 4; ++i) {
        processes.emplace_back([&] {
            try {
                auto own = open_again(1);
                apply_migrations(*own, two_migrations(&runs));
            } catch (const std::exception& error) {
                ADD_FAILURE() << error.what();
                ++failures;
            }
        });
    }
    for (auto& process : processes) {
        process.join();
    }
    EXPECT_EQ(runs, 1);
    EXPECT_EQ(failures, 0);
}

RAPPORT_INSTANTIATE_FOR_EVERY_BACKEND(MigrationsTest);

}  // namespace
}  // namespace rapport::db
