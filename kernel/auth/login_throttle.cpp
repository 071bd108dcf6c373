#include "auth/login_throttle.hpp"

#include "db/database.hpp"
#include "db/statement.hpp"

#include <rapport/sdk/timestamp.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace rapport::auth {
namespace {

sdk::Timestamp minus(const sdk::Timestamp& at, std::chrono::seconds duration) {
    return sdk::Timestamp(at.time_point() -
                          std::chrono::duration_cast<sdk::Timestamp::Duration>(duration));
}

// Logins are compared as the client typed them, bounded so a huge one cannot bloat the table.
std::string bounded(std::string_view text) {
    return std::string(text.substr(0, 200));
}

}  // namespace

db::Migration login_throttle_migration() {
    return {"kernel/0004_login_failures", [](soci::session& session, const db::Dialect& dialect) {
                db::execute(session, fmt::format("CREATE TABLE rapport_login_failures ({}, login "
                                                 "VARCHAR(200) NOT NULL, address VARCHAR(64) NOT "
                                                 "NULL, at {} NOT NULL)",
                                                 dialect.id_column(), dialect.timestamp_column()));
                db::execute(session,
                            "CREATE INDEX ix_rapport_login_failures_address ON "
                            "rapport_login_failures (address, at)");
            }};
}

LoginThrottle::LoginThrottle(db::Database& database, ThrottleLimits limits)
    : database_(database), limits_(limits) {}

std::optional<std::chrono::seconds> LoginThrottle::retry_after(std::string_view login,
                                                               std::string_view address) {
    const auto& dialect = database_.dialect();
    const auto now = sdk::Timestamp::now();
    const auto since = dialect.timestamp_value(minus(now, limits_.window));
    std::optional<std::chrono::seconds> wait;
    database_.with_session([&](soci::session& session) {
        // The failure that has to age out of the window before the next attempt: the
        // limit-th newest one.
        const auto wait_for = [&](std::string_view condition, std::vector<db::SqlValue> params,
                                  int limit) {
            params.push_back(since);
            const auto rows = db::query(
                session,
                fmt::format("SELECT {} FROM rapport_login_failures WHERE {} AND at > :since "
                            "ORDER BY at DESC LIMIT 1 OFFSET {}",
                            dialect.timestamp_select("at"), condition, limit - 1),
                params);
            if (rows.empty()) {
                return;
            }
            const auto at = *sdk::Timestamp::parse(db::as_text(rows.front().at(0)));
            const auto until = at.time_point() + limits_.window;
            const auto seconds = std::chrono::ceil<std::chrono::seconds>(until - now.time_point());
            wait = std::max(wait.value_or(std::chrono::seconds(1)),
                            std::max(seconds, std::chrono::seconds(1)));
        };
        wait_for("login = :l AND address = :a", {bounded(login), bounded(address)},
                 limits_.per_login_and_address);
        wait_for("address = :a", {bounded(address)}, limits_.per_address);
    });
    return wait;
}

void LoginThrottle::record_failure(std::string_view login, std::string_view address) {
    const auto& dialect = database_.dialect();
    const auto now = sdk::Timestamp::now();
    database_.write_transaction([&](soci::session& session) {
        db::execute(session, "DELETE FROM rapport_login_failures WHERE at < :since",
                    {dialect.timestamp_value(minus(now, limits_.window))});
        db::execute(session,
                    "INSERT INTO rapport_login_failures (login, address, at) VALUES (:l, :a, :t)",
                    {bounded(login), bounded(address), dialect.timestamp_value(now)});
    });
}

void LoginThrottle::record_success(std::string_view login, std::string_view address) {
    database_.write_transaction([&](soci::session& session) {
        db::execute(session, "DELETE FROM rapport_login_failures WHERE login = :l AND address = :a",
                    {bounded(login), bounded(address)});
    });
}

}  // namespace rapport::auth
