#include "db/database_url.hpp"

#include "db/database_error.hpp"

#include <gtest/gtest.h>

namespace rapport::db {
namespace {

TEST(DatabaseUrl, ParsesSqlitePaths) {
    const auto url = parse_database_url("sqlite:data/rapport.db");
    EXPECT_EQ(url.backend, Backend::sqlite);
    EXPECT_EQ(url.target, "data/rapport.db");
}

TEST(DatabaseUrl, PassesPostgresqlUrisToLibpq) {
    const auto url = parse_database_url("postgresql://rapport@/crm?host=/run/pg");
    EXPECT_EQ(url.backend, Backend::postgresql);
    EXPECT_EQ(url.target, "postgresql://rapport@/crm?host=/run/pg");
}

TEST(DatabaseUrl, RefusesOtherSchemesWithoutLeakingThePassword) {
    try {
        parse_database_url("mysql://root:hunter2@db/crm");
        FAIL() << "expected DatabaseError";
    } catch (const DatabaseError& error) {
        EXPECT_EQ(std::string(error.what()).find("hunter2"), std::string::npos);
    }
}

TEST(DatabaseUrl, RedactsPasswords) {
    EXPECT_EQ(redact_database_url("postgresql://rapport:s3cret@db:5432/crm"),
              "postgresql://rapport:***@db:5432/crm");
    EXPECT_EQ(redact_database_url("postgresql://rapport@db/crm"), "postgresql://rapport@db/crm");
    EXPECT_EQ(redact_database_url("sqlite:data/rapport.db"), "sqlite:data/rapport.db");
}

}  // namespace
}  // namespace rapport::db
