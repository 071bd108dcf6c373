#include "postgres/postgres_test_cluster.hpp"

#include <gtest/gtest.h>

#include <libpq-fe.h>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

namespace rapport::testing {
namespace {

using Connection = std::unique_ptr<PGconn, decltype(&PQfinish)>;

Connection connect(const std::string& url) {
    Connection connection(PQconnectdb(url.c_str()), &PQfinish);
    if (PQstatus(connection.get()) != CONNECTION_OK) {
        throw std::runtime_error(PQerrorMessage(connection.get()));
    }
    return connection;
}

// Runs sql on the database at url and returns the first column of its first row, if any.
std::optional<std::string> query_value(const std::string& url, const std::string& sql) {
    const Connection connection = connect(url);
    const std::unique_ptr<PGresult, decltype(&PQclear)> result(
        PQexec(connection.get(), sql.c_str()), &PQclear);
    const auto status = PQresultStatus(result.get());
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
        throw std::runtime_error(sql + ": " + PQerrorMessage(connection.get()));
    }
    if (PQntuples(result.get()) == 0 || PQgetisnull(result.get(), 0, 0)) {
        return std::nullopt;
    }
    return PQgetvalue(result.get(), 0, 0);
}

TEST(PostgresTestDatabase, TwoDatabasesAreDistinctAndUsable) {
    const PostgresTestDatabase first;
    const PostgresTestDatabase second;

    query_value(first.url(), "CREATE TABLE contact (id integer)");

    EXPECT_NE(first.name(), second.name());
    EXPECT_EQ(query_value(first.url(), "SELECT to_regclass('contact')::text"), "contact");
    EXPECT_EQ(query_value(second.url(), "SELECT to_regclass('contact')::text"), std::nullopt);
}

TEST(PostgresTestDatabase, UrlConnectsToItsOwnDatabase) {
    const PostgresTestDatabase database;

    EXPECT_EQ(query_value(database.url(), "SELECT current_database()"), database.name());
}

TEST(PostgresTestDatabase, DatabaseIsDroppedOnDestructionEvenWhileConnected) {
    std::string name;
    Connection still_open(nullptr, &PQfinish);
    {
        const PostgresTestDatabase database;
        name = database.name();
        still_open = connect(database.url());
    }

    EXPECT_EQ(query_value(postgres_cluster_url(),
                          "SELECT count(*) FROM pg_database WHERE datname = '" + name + "'"),
              "0");
}

TEST(PostgresTestDatabase, ServerIsPostgres15WithCUtf8Collation) {
    const PostgresTestDatabase database;

    EXPECT_EQ(query_value(database.url(), "SHOW lc_collate"), "C.UTF-8");
    EXPECT_EQ(query_value(database.url(), "SHOW server_version_num").value_or("").substr(0, 2),
              "15");
}

}  // namespace
}  // namespace rapport::testing
