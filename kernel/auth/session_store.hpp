// Sessions in the database, so every process serving the same data knows them: a bearer token
// for API clients or a browser session behind a cookie with its CSRF token. Only a digest of
// the token is stored; the token itself is shown once, at sign-in.
#pragma once

#include "db/migrations.hpp"

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

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

// Sessions found are kept for a second, so that a burst of requests with one token costs one
// query: closing a session or changing its user here shows at once, in other processes within
// that second (as role changes do).
class SessionStore {
  public:
    explicit SessionStore(db::Database& database);

    NewSession open(std::int64_t user_id, SessionKind kind, std::chrono::seconds lifetime);
    // The session of a token when it exists, has not expired and its user is active.
    std::optional<SessionUser> find(std::string_view token);
    void close(std::int64_t session_id);
    // Every session of a user (deactivated, password changed).
    void close_all_of(std::int64_t user_id);
    // The user changed (roles, team): their sessions are read again.
    void forget_user(std::int64_t user_id);

  private:
    struct Cached {
        SessionUser user;
        std::chrono::steady_clock::time_point read_at;
    };
    template <typename Predicate>
    void forget_if(Predicate predicate);

    db::Database& database_;
    std::mutex cache_mutex_;
    std::unordered_map<std::string, Cached> cache_;  // by token digest
};

}  // namespace rapport::auth
