#include "auth/authenticator.hpp"

#include "auth/role_catalog.hpp"
#include "auth/session_token.hpp"
#include "db/database.hpp"
#include "db/statement.hpp"
#include "http/request.hpp"
#include "records/record_store.hpp"
#include "records/sql_names.hpp"

#include <rapport/sdk/error.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace rapport::auth {
namespace {

std::optional<std::string_view> bearer_token(const http::Request& request) {
    const auto header = request.header("Authorization");
    constexpr std::string_view scheme = "Bearer ";
    if (!header || header->size() <= scheme.size() ||
        !http::equals_ignoring_case(header->substr(0, scheme.size()), scheme)) {
        return std::nullopt;
    }
    return header->substr(scheme.size());
}

bool is_safe(http::Method method) {
    return method == http::Method::get || method == http::Method::head ||
           method == http::Method::options;
}

// Everyone who shares a team with the user: the members (by team_id or member_ids) and
// leaders of the teams the user belongs to or leads.
std::vector<std::int64_t> team_mates(records::RecordStore& store, db::Database& database,
                                     std::int64_t user_id, std::optional<std::int64_t> team_id) {
    const auto& team = store.entity("team");
    const std::string members =
        records::quoted(records::join_table(team, *team.field("member_ids")));
    std::vector<std::int64_t> result;
    database.with_session([&](soci::session& session) {
        std::vector<std::int64_t> teams;
        if (team_id) {
            teams.push_back(*team_id);
        }
        const auto led_or_joined = db::query(
            session,
            fmt::format("SELECT id FROM team WHERE leader_id = :u UNION SELECT owner_id FROM {} "
                        "WHERE target_id = :u2",
                        members),
            {static_cast<long long>(user_id), static_cast<long long>(user_id)});
        for (const auto& row : led_or_joined) {
            teams.push_back(db::as_integer(row.at(0)));
        }
        if (teams.empty()) {
            return;
        }
        const auto& dialect = database.dialect();
        const auto in_teams = dialect.integers_value(teams);
        const auto mates = db::query(
            session,
            fmt::format("SELECT id FROM \"user\" WHERE {} UNION SELECT target_id FROM {} WHERE {} "
                        "UNION SELECT leader_id FROM team WHERE {} AND leader_id IS NOT NULL",
                        dialect.in_integers("team_id", ":t1"), members,
                        dialect.in_integers("owner_id", ":t2"), dialect.in_integers("id", ":t3")),
            {in_teams, in_teams, in_teams});
        for (const auto& row : mates) {
            result.push_back(db::as_integer(row.at(0)));
        }
    });
    std::sort(result.begin(), result.end());
    return result;
}

}  // namespace

std::optional<std::string_view> cookie_value(const http::Request& request, std::string_view name) {
    for (const auto& [header, value] : request.headers) {
        if (!http::equals_ignoring_case(header, "Cookie")) {
            continue;
        }
        std::string_view rest = value;
        while (!rest.empty()) {
            const auto end = rest.find(';');
            std::string_view pair = rest.substr(0, end);
            rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
            while (!pair.empty() && pair.front() == ' ') {
                pair.remove_prefix(1);
            }
            const auto equals = pair.find('=');
            if (equals != std::string_view::npos && pair.substr(0, equals) == name) {
                return pair.substr(equals + 1);
            }
        }
    }
    return std::nullopt;
}

Authenticator::Authenticator(records::RecordStore& store, SessionStore& sessions,
                             RoleCatalog& roles)
    : store_(store), sessions_(sessions), roles_(roles) {}

records::Caller Authenticator::caller_for(std::int64_t user_id, std::optional<std::int64_t> team_id,
                                          std::string_view roles_json) const {
    records::Caller caller;
    caller.user_id = user_id;
    caller.policy = roles_.policy(roles_json);
    if (caller.policy->uses_team_scope()) {
        caller.team_user_ids = team_mates(store_, store_.database(), user_id, team_id);
    }
    return caller;
}

std::optional<Authenticated> Authenticator::identify(const http::Request& request) const {
    auto token = bearer_token(request);
    const SessionKind kind = token ? SessionKind::bearer : SessionKind::cookie;
    if (!token) {
        token = cookie_value(request, session_cookie);
    }
    if (!token) {
        return std::nullopt;
    }
    auto session = sessions_.find(*token);
    // A cookie's token used as a bearer one would skip the CSRF check.
    if (!session || session->kind != kind) {
        return std::nullopt;
    }
    auto caller = caller_for(session->user_id, session->team_id, session->roles_json);
    return Authenticated{std::move(*session), std::move(caller)};
}

records::Caller Authenticator::authenticate(http::Request& request) const {
    return authenticate_session(request).caller;
}

Authenticated Authenticator::authenticate_session(http::Request& request) const {
    const bool bearer = bearer_token(request).has_value();
    auto found = identify(request);
    if (!found) {
        throw sdk::Error(sdk::ErrorCode::unauthenticated,
                         bearer || cookie_value(request, session_cookie)
                             ? "the session has ended or the token is not valid: sign in again"
                             : "sign in first: send Authorization: Bearer <token> or the "
                               "session cookie");
    }
    if (found->session.kind == SessionKind::cookie && !is_safe(request.method)) {
        const auto csrf = request.header("X-CSRF-Token");
        if (!csrf || !constant_time_equal(*csrf, found->session.csrf_token)) {
            throw sdk::Error(sdk::ErrorCode::forbidden,
                             "a request authenticated by the session cookie needs the session's "
                             "X-CSRF-Token header (GET /api/v1/auth/session)");
        }
    }
    request.user_id = found->session.user_id;
    return std::move(*found);
}

}  // namespace rapport::auth
