#include "database_fixture.hpp"
#include "db/statement.hpp"

#include <gmock/gmock.h>
#include <soci/soci.h>

namespace rapport::db {
namespace {

using testing::DatabaseTest;
using ::testing::ElementsAre;

class DialectTest : public DatabaseTest {
  protected:
    const Dialect& dialect() { return database().dialect(); }

    // The names matching `pattern` among a fixed set of rows, in name order.
    std::vector<std::string> names_matching(std::string_view pattern, bool case_sensitive) {
        std::vector<std::string> names;
        database().with_session([&](soci::session& session) {
            execute(session, "CREATE TABLE IF NOT EXISTS people (name VARCHAR(100))");
            if (as_integer(query(session, "SELECT count(*) FROM people").at(0).at(0)) == 0) {
                for (const char* name : {"100% sure", "100 percent", "a_b", "axb", "Ann", "ann",
                                         "[x]", "a?c", "abc"}) {
                    execute(session, "INSERT INTO people (name) VALUES (:n)", {std::string(name)});
                }
            }
            const auto sql = "SELECT name FROM people WHERE " +
                             dialect().like_condition("name", ":p", case_sensitive) +
                             " ORDER BY name";
            for (const Row& row :
                 query(session, sql, {dialect().like_pattern(pattern, case_sensitive)})) {
                names.push_back(as_text(row.at(0)));
            }
        });
        return names;
    }
};

TEST_P(DialectTest, LikeTreatsPercentAndUnderscoreLiterally) {
    EXPECT_THAT(names_matching("100%*", true), ElementsAre("100% sure"));
    EXPECT_THAT(names_matching("a_b", true), ElementsAre("a_b"));
    EXPECT_THAT(names_matching("a?c", true), ElementsAre("a?c"));
    EXPECT_THAT(names_matching("[x]", true), ElementsAre("[x]"));
}

TEST_P(DialectTest, LikeIsCaseSensitiveAndIlikeIsNot) {
    EXPECT_THAT(names_matching("ann", true), ElementsAre("ann"));
    EXPECT_THAT(names_matching("ann", false), ElementsAre("Ann", "ann"));
    EXPECT_THAT(names_matching("A*", false), ElementsAre("Ann", "a?c", "a_b", "abc", "ann", "axb"));
}

TEST_P(DialectTest, OrdersTextBytewiseOnBothBackends) {
    EXPECT_THAT(names_matching("*", true), ElementsAre("100 percent", "100% sure", "Ann", "[x]",
                                                       "a?c", "a_b", "abc", "ann", "axb"));
}

TEST_P(DialectTest, DecimalsRoundTripExactlyAndSumWithoutFloatingPoint) {
    std::vector<sdk::Decimal> read_back;
    sdk::Decimal total;
    database().with_session([&](soci::session& session) {
        execute(session, "CREATE TABLE deals (amount " + dialect().decimal_column(2) + ")");
        for (const char* amount :
             {"450000000.01", "0.10", "0.20", "-12.34", "9999999999999999.99"}) {
            execute(session, "INSERT INTO deals (amount) VALUES (:a)",
                    {dialect().decimal_value(*sdk::Decimal::parse(amount, 2))});
        }
        for (const Row& row :
             query(session, "SELECT " + dialect().decimal_select("amount") + " FROM deals")) {
            read_back.push_back(dialect().decimal_from(row.at(0), 2));
        }
        const auto sum = query(session,
                               "SELECT " + dialect().decimal_select("sum(amount)") +
                                   " FROM deals WHERE amount < :limit",
                               {dialect().decimal_value(*sdk::Decimal::parse("1000000000", 2))});
        total = dialect().decimal_from(sum.at(0).at(0), 2);
    });
    std::vector<std::string> texts;
    for (const auto& value : read_back) {
        texts.push_back(value.to_string());
    }
    EXPECT_THAT(texts,
                ElementsAre("450000000.01", "0.10", "0.20", "-12.34", "9999999999999999.99"));
    EXPECT_EQ(total.to_string(), "449999987.97");
}

TEST_P(DialectTest, TimestampsRoundTripInCanonicalUtcAndCompareInTimeOrder) {
    std::vector<std::string> after_noon;
    database().with_session([&](soci::session& session) {
        execute(session,
                "CREATE TABLE events (at " + std::string(dialect().timestamp_column()) + ")");
        for (const char* at : {"2026-11-22T09:41:06.250+07:00", "2026-11-22T12:00:00Z",
                               "2026-11-22T23:30:00-02:00"}) {
            execute(session, "INSERT INTO events (at) VALUES (:at)",
                    {dialect().timestamp_value(*sdk::Timestamp::parse(at))});
        }
        const auto noon =
            dialect().timestamp_value(*sdk::Timestamp::parse("2026-11-22T19:00:00+07:00"));
        for (const Row& row : query(session,
                                    "SELECT " + dialect().timestamp_select("at") +
                                        " FROM events WHERE at >= :noon ORDER BY at",
                                    {noon})) {
            after_noon.push_back(as_text(row.at(0)));
        }
    });
    EXPECT_THAT(after_noon, ElementsAre("2026-11-22T12:00:00.000Z", "2026-11-23T01:30:00.000Z"));
}

TEST_P(DialectTest, DatesRoundTripAsIsoText) {
    std::string read_back;
    database().with_session([&](soci::session& session) {
        execute(session, "CREATE TABLE days (d " + std::string(dialect().date_column()) + ")");
        execute(session, "INSERT INTO days (d) VALUES (:d)", {std::string("2026-02-28")});
        read_back = as_text(
            query(session, "SELECT " + dialect().date_select("d") + " FROM days").at(0).at(0));
    });
    EXPECT_EQ(read_back, "2026-02-28");
}

TEST_P(DialectTest, IdsAreNeverReusedAfterDeletingTheLastRow) {
    std::vector<long long> ids;
    database().with_session([&](soci::session& session) {
        execute(session,
                "CREATE TABLE things (" + std::string(dialect().id_column()) + ", name TEXT)");
        for (int i = 0; i < 2; ++i) {
            ids.push_back(as_integer(
                query(session, "INSERT INTO things (name) VALUES ('x') RETURNING id").at(0).at(0)));
            execute(session, "DELETE FROM things WHERE id = :id", {ids.back()});
        }
    });
    EXPECT_THAT(ids, ElementsAre(1, 2));
}

TEST_P(DialectTest, BooleansBindAsZeroOrOneAndReadBackAsIntegers) {
    database().with_session([&](soci::session& session) {
        execute(session, "CREATE TABLE flags (f " + std::string(dialect().boolean_column()) + ")");
        execute(session, "INSERT INTO flags (f) VALUES (:a), (:b)", {1LL, 0LL});
        const auto rows = query(
            session, "SELECT " + dialect().boolean_select("f") + " FROM flags WHERE f = :t", {1LL});
        ASSERT_EQ(rows.size(), 1u);
        EXPECT_EQ(as_integer(rows[0].at(0)), 1);
    });
}

TEST_P(DialectTest, ReadsIdsAndIntegersBeyond32Bits) {
    database().with_session([&](soci::session& session) {
        execute(session, "CREATE TABLE big (" + std::string(dialect().id_column()) + ", n " +
                             std::string(dialect().integer_column()) + ")");
        execute(session, "INSERT INTO big (id, n) VALUES (:id, :n)", {5000000000LL, 6000000000LL});
        const Row row = query(session, "SELECT id, n FROM big").at(0);
        EXPECT_EQ(as_integer(row.at(0)), 5000000000LL);
        EXPECT_EQ(as_integer(row.at(1)), 6000000000LL);
    });
}

RAPPORT_INSTANTIATE_FOR_EVERY_BACKEND(DialectTest);

}  // namespace
}  // namespace rapport::db
