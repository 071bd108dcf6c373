// Slows password guessing: 10 failed sign-ins for one login from one address within 15
// minutes lock that pair out until the oldest failure is 15 minutes old, and 100 failures from
// one address across logins lock the address out the same way. Failures live in the database,
// so every process counts them together.
#pragma once

#include "db/migrations.hpp"

#include <chrono>
#include <optional>
#include <string_view>

namespace rapport::db {
class Database;
}

namespace rapport::auth {

struct ThrottleLimits {
    std::chrono::seconds window{15 * 60};
    int per_login_and_address = 10;
    int per_address = 100;
};

db::Migration login_throttle_migration();

class LoginThrottle {
  public:
    explicit LoginThrottle(db::Database& database, ThrottleLimits limits = {});

    // How long the pair must wait before trying again; nullopt when it may try now.
    std::optional<std::chrono::seconds> retry_after(std::string_view login,
                                                    std::string_view address);
    void record_failure(std::string_view login, std::string_view address);
    // A successful sign-in forgets the pair's failures.
    void record_success(std::string_view login, std::string_view address);

  private:
    db::Database& database_;
    ThrottleLimits limits_;
};

}  // namespace rapport::auth
