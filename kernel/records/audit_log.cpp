#include "records/audit_log.hpp"

#include "db/statement.hpp"

#include <fmt/format.h>

namespace rapport::records {

db::Migration audit_log_migration() {
    return {
        "kernel/0001_audit_log", [](soci::session& session, const db::Dialect& dialect) {
            db::execute(
                session,
                fmt::format("CREATE TABLE rapport_audit ({}, entity VARCHAR(64) NOT NULL, "
                            "record_id {} NOT NULL, action VARCHAR(64) NOT NULL, at {} NOT NULL, "
                            "user_id {}, changes TEXT NOT NULL)",
                            dialect.id_column(), dialect.integer_column(),
                            dialect.timestamp_column(), dialect.integer_column()));
            db::execute(
                session,
                "CREATE INDEX ix_rapport_audit_record ON rapport_audit (entity, record_id, id)");
        }};
}

void append_audit(soci::session& session, const db::Dialect& dialect, const AuditEntry& entry) {
    db::execute(
        session,
        "INSERT INTO rapport_audit (entity, record_id, action, at, user_id, changes) "
        "VALUES (:entity, :record, :action, :at, :user, :changes)",
        {entry.entity, static_cast<long long>(entry.record_id), entry.action,
         dialect.timestamp_value(entry.at),
         entry.user_id ? db::SqlValue{static_cast<long long>(*entry.user_id)} : db::SqlValue{},
         entry.changes});
}

std::vector<AuditEntry> read_audit(soci::session& session, const db::Dialect& dialect,
                                   const std::string& entity, std::int64_t record_id) {
    std::vector<AuditEntry> entries;
    const auto rows =
        db::query(session,
                  "SELECT action, " + dialect.timestamp_select("at") +
                      ", user_id, changes FROM rapport_audit WHERE entity = :entity AND "
                      "record_id = :record ORDER BY id",
                  {entity, static_cast<long long>(record_id)});
    for (const auto& row : rows) {
        AuditEntry entry{entity,
                         record_id,
                         db::as_text(row.at(0)),
                         *sdk::Timestamp::parse(db::as_text(row.at(1))),
                         std::nullopt,
                         db::as_text(row.at(3))};
        if (!db::is_null(row.at(2))) {
            entry.user_id = db::as_integer(row.at(2));
        }
        entries.push_back(std::move(entry));
    }
    return entries;
}

}  // namespace rapport::records
