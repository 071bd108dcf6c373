#include "auth/security_log.hpp"

#include "db/database.hpp"
#include "db/statement.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace rapport::auth {

db::Migration security_log_migration() {
    return {"kernel/0005_security_events", [](soci::session& session, const db::Dialect& dialect) {
                db::execute(session,
                            fmt::format("CREATE TABLE rapport_security_events ({}, at {} NOT NULL, "
                                        "kind VARCHAR(32) NOT NULL, user_id {}, login VARCHAR(200) "
                                        "NOT NULL, address VARCHAR(64) NOT NULL, detail TEXT NOT "
                                        "NULL)",
                                        dialect.id_column(), dialect.timestamp_column(),
                                        dialect.integer_column()));
                db::execute(session,
                            "CREATE INDEX ix_rapport_security_events_kind ON "
                            "rapport_security_events (kind, id)");
            }};
}

SecurityLog::SecurityLog(db::Database& database) : database_(database) {}

void SecurityLog::append(const SecurityEvent& event) noexcept {
    try {
        const auto& dialect = database_.dialect();
        database_.write_transaction([&](soci::session& session) {
            db::execute(session,
                        "INSERT INTO rapport_security_events (at, kind, user_id, login, address, "
                        "detail) VALUES (:at, :k, :u, :l, :a, :d)",
                        {dialect.timestamp_value(event.at), event.kind,
                         event.user_id ? db::SqlValue{static_cast<long long>(*event.user_id)}
                                       : db::SqlValue{},
                         event.login.substr(0, 200), event.address.substr(0, 64),
                         event.detail.substr(0, 2000)});
        });
    } catch (const std::exception& error) {
        spdlog::error("cannot write the security event {}: {}", event.kind, error.what());
    }
}

std::vector<SecurityEvent> SecurityLog::read(const std::string& kind, std::size_t limit,
                                             std::size_t offset) {
    const auto& dialect = database_.dialect();
    std::vector<SecurityEvent> events;
    database_.with_session([&](soci::session& session) {
        std::vector<db::SqlValue> params;
        std::string where;
        if (!kind.empty()) {
            where = " WHERE kind = :k";
            params.emplace_back(kind);
        }
        const auto rows =
            db::query(session,
                      fmt::format("SELECT id, {}, kind, user_id, login, address, detail FROM "
                                  "rapport_security_events{} ORDER BY id DESC LIMIT {} OFFSET {}",
                                  dialect.timestamp_select("at"), where, limit, offset),
                      params);
        for (const auto& row : rows) {
            SecurityEvent event;
            event.id = db::as_integer(row.at(0));
            event.at = *sdk::Timestamp::parse(db::as_text(row.at(1)));
            event.kind = db::as_text(row.at(2));
            if (!db::is_null(row.at(3))) {
                event.user_id = db::as_integer(row.at(3));
            }
            event.login = db::as_text(row.at(4));
            event.address = db::as_text(row.at(5));
            event.detail = db::as_text(row.at(6));
            events.push_back(std::move(event));
        }
    });
    return events;
}

}  // namespace rapport::auth
