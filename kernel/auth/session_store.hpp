// Sessions in the database, so every process serving the same data knows them: a bearer token
// for API clients or a browser session behind a cookie with its CSRF token. Only a digest of
// the token is stored; the token itself is shown once, at sign-in.
#pragma once

#include "db/migrations.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rapport::db {
class Database;
}

namespace rapport::auth {

enum class SessionKind { bearer, cookie };

struct NewSession {
    std::string token;       // for the client; not kept
    std::string csrf_token;  // cookie sessions only
};

// A live session and what authentication needs of its user, read in one query.
struct SessionUser {
    std::int64_t session_id = 0;
    SessionKind kind = SessionKind::bearer;
    std::string csrf_token;
    std::int64_t user_id = 0;
    std::optional<std::int64_t> team_id;
    std::string roles_json;  // the user's `roles` as stored
};

db::Migration session_store_migration();

class SessionStore {
  public:
    explicit SessionStore(db::Database& database);

    NewSession open(std::int64_t user_id, SessionKind kind, std::chrono::seconds lifetime);
    // The session of a token when it exists, has not expired and its user is active.
    std::optional<SessionUser> find(std::string_view token);
    void close(std::int64_t session_id);
    // Every session of a user (deactivated, password changed).
    void close_all_of(std::int64_t user_id);

  private:
    db::Database& database_;
};

}  // namespace rapport::auth
