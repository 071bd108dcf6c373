// The audit trail: one entry per change of a record (who, when, which fields, old → new),
// written in the same transaction as the change. A record's history is read from it.
#pragma once

#include "db/dialect.hpp"
#include "db/migrations.hpp"

#include <rapport/sdk/timestamp.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace soci {
class session;
}

namespace rapport::records {

struct AuditEntry {
    std::string entity;
    std::int64_t record_id = 0;
    std::string action;  // created, updated, deleted, or a workflow action's name
    sdk::Timestamp at;
    std::optional<std::int64_t> user_id;
    std::string changes;  // JSON object {"field": [old, new]}
};

db::Migration audit_log_migration();

void append_audit(soci::session& session, const db::Dialect& dialect, const AuditEntry& entry);
// Oldest first.
std::vector<AuditEntry> read_audit(soci::session& session, const db::Dialect& dialect,
                                   const std::string& entity, std::int64_t record_id);

}  // namespace rapport::records
