#include "auth/session_store.hpp"

#include "auth/session_token.hpp"
#include "db/database.hpp"
#include "db/statement.hpp"

#include <rapport/sdk/timestamp.hpp>

#include <fmt/format.h>

namespace rapport::auth {
namespace {

std::string_view kind_name(SessionKind kind) {
    return kind == SessionKind::cookie ? "cookie" : "bearer";
}

constexpr std::chrono::seconds cache_lifetime{1};
constexpr std::size_t cache_capacity = 10000;

}  // namespace

db::Migration session_store_migration() {
    return {"kernel/0003_sessions", [](soci::session& session, const db::Dialect& dialect) {
                db::execute(session,
                            fmt::format("CREATE TABLE rapport_sessions ({}, token_digest CHAR(64) "
                                        "NOT NULL UNIQUE, kind VARCHAR(16) NOT NULL, csrf_token "
                                        "VARCHAR(64), user_id {} NOT NULL, created_at {} NOT NULL, "
                                        "expires_at {} NOT NULL)",
                                        dialect.id_column(), dialect.integer_column(),
                                        dialect.timestamp_column(), dialect.timestamp_column()));
                db::execute(session,
                            "CREATE INDEX ix_rapport_sessions_user ON rapport_sessions (user_id)");
            }};
}

SessionStore::SessionStore(db::Database& database) : database_(database) {}

NewSession SessionStore::open(std::int64_t user_id, SessionKind kind,
                              std::chrono::seconds lifetime) {
    NewSession created{new_session_token(),
                       kind == SessionKind::cookie ? new_csrf_token() : std::string()};
    const auto& dialect = database_.dialect();
    const auto now = sdk::Timestamp::now();
    const sdk::Timestamp expires(now.time_point() +
                                 std::chrono::duration_cast<sdk::Timestamp::Duration>(lifetime));
    database_.write_transaction([&](soci::session& session) {
        // Expired sessions of anyone go as new ones come, so the table stays small.
        db::execute(session, "DELETE FROM rapport_sessions WHERE expires_at < :now",
                    {dialect.timestamp_value(now)});
        db::execute(session,
                    "INSERT INTO rapport_sessions (token_digest, kind, csrf_token, user_id, "
                    "created_at, expires_at) VALUES (:d, :k, :c, :u, :n, :e)",
                    {token_digest(created.token), std::string(kind_name(kind)),
                     created.csrf_token.empty() ? db::SqlValue{} : db::SqlValue{created.csrf_token},
                     static_cast<long long>(user_id), dialect.timestamp_value(now),
                     dialect.timestamp_value(expires)});
    });
    return created;
}

std::optional<SessionUser> SessionStore::find(std::string_view token) {
    if (!looks_like_token(token)) {
        return std::nullopt;
    }
    const auto digest = token_digest(token);
    const auto now = std::chrono::steady_clock::now();
    {
        std::lock_guard lock(cache_mutex_);
        if (const auto it = cache_.find(digest);
            it != cache_.end() && now - it->second.read_at < cache_lifetime) {
            return it->second.user;
        }
    }
    const auto& dialect = database_.dialect();
    std::optional<SessionUser> found;
    database_.with_session([&](soci::session& session) {
        const auto rows = db::query(
            session,
            "SELECT s.id, s.kind, s.csrf_token, s.user_id, u.team_id, u.roles FROM "
            "rapport_sessions s JOIN \"user\" u ON u.id = s.user_id WHERE s.token_digest = :d "
            "AND s.expires_at > :now AND u.active",
            {digest, dialect.timestamp_value(sdk::Timestamp::now())});
        if (rows.empty()) {
            return;
        }
        const auto& row = rows.front();
        SessionUser user;
        user.session_id = db::as_integer(row.at(0));
        user.kind = db::as_text(row.at(1)) == "cookie" ? SessionKind::cookie : SessionKind::bearer;
        user.csrf_token = db::is_null(row.at(2)) ? std::string() : db::as_text(row.at(2));
        user.user_id = db::as_integer(row.at(3));
        if (!db::is_null(row.at(4))) {
            user.team_id = db::as_integer(row.at(4));
        }
        user.roles_json = db::is_null(row.at(5)) ? std::string("[]") : db::as_text(row.at(5));
        found = std::move(user);
    });
    if (found) {
        std::lock_guard lock(cache_mutex_);
        if (cache_.size() >= cache_capacity) {
            std::erase_if(cache_, [&](const auto& entry) {
                return now - entry.second.read_at >= cache_lifetime;
            });
        }
        if (cache_.size() < cache_capacity) {
            cache_.insert_or_assign(digest, Cached{*found, now});
        }
    }
    return found;
}

template <typename Predicate>
void SessionStore::forget_if(Predicate predicate) {
    std::lock_guard lock(cache_mutex_);
    std::erase_if(cache_, [&](const auto& entry) { return predicate(entry.second.user); });
}

void SessionStore::forget_user(std::int64_t user_id) {
    forget_if([&](const SessionUser& user) { return user.user_id == user_id; });
}

void SessionStore::close(std::int64_t session_id) {
    forget_if([&](const SessionUser& user) { return user.session_id == session_id; });
    database_.write_transaction([&](soci::session& session) {
        db::execute(session, "DELETE FROM rapport_sessions WHERE id = :id",
                    {static_cast<long long>(session_id)});
    });
}

void SessionStore::close_all_of(std::int64_t user_id) {
    forget_user(user_id);
    database_.write_transaction([&](soci::session& session) {
        db::execute(session, "DELETE FROM rapport_sessions WHERE user_id = :id",
                    {static_cast<long long>(user_id)});
    });
}

}  // namespace rapport::auth
