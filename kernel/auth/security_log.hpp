// The security audit trail: sign-ins (successful and failed), sign-outs, permission denials
// and admin actions, readable by admins at GET /api/v1/admin/security-events.
#pragma once

#include "db/migrations.hpp"

#include <rapport/sdk/timestamp.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace rapport::db {
class Database;
}

namespace rapport::auth {

struct SecurityEvent {
    std::int64_t id = 0;
    sdk::Timestamp at;
    std::string kind;  // login_succeeded, login_failed, login_throttled, logout, permission_denied,
                       // admin_action
    std::optional<std::int64_t> user_id;
    std::string login;
    std::string address;
    std::string detail;
};

db::Migration security_log_migration();

class SecurityLog {
  public:
    explicit SecurityLog(db::Database& database);

    // Never throws: a failure to audit is logged, and the request it audits goes on.
    void append(const SecurityEvent& event) noexcept;
    // Newest first; `kind` empty: every kind.
    std::vector<SecurityEvent> read(const std::string& kind, std::size_t limit, std::size_t offset);

  private:
    db::Database& database_;
};

}  // namespace rapport::auth
