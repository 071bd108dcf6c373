#include "auth/auth_routes.hpp"

#include "auth/identity.hpp"
#include "auth/password_hasher.hpp"
#include "auth/session_token.hpp"
#include "db/database.hpp"
#include "db/statement.hpp"
#include "http/error_response.hpp"
#include "http/json_body.hpp"
#include "records/record_json.hpp"
#include "records/record_store.hpp"

#include <rapport/sdk/error.hpp>

#include <boost/json.hpp>
#include <fmt/format.h>

#include <charconv>

namespace rapport::auth {
namespace {

using http::Method;
using http::Request;
using http::Response;

struct Credentials {
    std::string login;
    std::string password;
};

Credentials credentials_of(const Request& request) {
    const auto body = http::parse_json_body(request);
    const auto* object = body.if_object();
    std::vector<sdk::FieldError> problems;
    Credentials credentials;
    for (const auto* name : {"login", "password"}) {
        const auto* value = object ? object->if_contains(name) : nullptr;
        if (!value || !value->is_string() || value->as_string().empty()) {
            problems.push_back({name, "is required"});
        } else {
            (std::string_view(name) == "login" ? credentials.login : credentials.password) =
                value->as_string();
        }
    }
    if (!problems.empty()) {
        throw sdk::Error(sdk::ErrorCode::bad_request, "send {\"login\", \"password\"}",
                         std::move(problems));
    }
    return credentials;
}

struct StoredUser {
    std::int64_t id = 0;
    std::string password_hash;
};

// The credentials of an active user, read directly: the password hash is write-only to every
// caller of the record store.
std::optional<StoredUser> active_user(db::Database& database, const std::string& login) {
    std::optional<StoredUser> found;
    database.with_session([&](soci::session& session) {
        const auto rows = db::query(
            session, "SELECT id, password FROM \"user\" WHERE login = :l AND active", {login});
        if (!rows.empty() && !db::is_null(rows.front().at(1))) {
            found = StoredUser{db::as_integer(rows.front().at(0)), db::as_text(rows.front().at(1))};
        }
    });
    return found;
}

boost::json::value user_json(records::RecordStore& store, std::int64_t id) {
    return records::record_to_json(store.get(store.system_caller(), store.entity("user"), id));
}

std::string session_cookie_header(const std::string& token, std::chrono::seconds lifetime) {
    return fmt::format("{}={}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}", session_cookie,
                       token, lifetime.count());
}

Response too_many_attempts(const Request& request, std::chrono::seconds wait) {
    auto response = http::error_response(
        sdk::Error(sdk::ErrorCode::rate_limited,
                   fmt::format("too many failed sign-ins: try again in {} seconds", wait.count())),
        request.request_id);
    response.headers.set("Retry-After", std::to_string(wait.count()));
    return response;
}

Response login(Identity& identity, Request& request) {
    const Credentials credentials = credentials_of(request);
    const std::string& address = request.remote_address;
    SecurityEvent event{0, sdk::Timestamp::now(), "", std::nullopt, credentials.login, address, ""};
    if (const auto wait = identity.throttle().retry_after(credentials.login, address)) {
        event.kind = "login_throttled";
        identity.log().append(event);
        return too_many_attempts(request, *wait);
    }
    const auto user = active_user(identity.store().database(), credentials.login);
    const bool valid =
        user ? verify_password(user->password_hash, credentials.password)
             : (burn_verification_time(), false);  // as slow as a real check: no user probing
    if (!valid) {
        identity.throttle().record_failure(credentials.login, address);
        event.kind = "login_failed";
        identity.log().append(event);
        throw sdk::Error(sdk::ErrorCode::unauthenticated, "wrong login or password");
    }
    identity.throttle().record_success(credentials.login, address);
    const auto& config = identity.config();
    const auto token =
        identity.sessions().open(user->id, SessionKind::bearer, config.token_lifetime);
    const auto cookie =
        identity.sessions().open(user->id, SessionKind::cookie, config.session_lifetime);
    event.kind = "login_succeeded";
    event.user_id = user->id;
    identity.log().append(event);
    auto response = http::json_response(
        200, boost::json::object{{"token", token.token},
                                 {"user", user_json(identity.store(), user->id)}});
    response.headers.set("Set-Cookie",
                         session_cookie_header(cookie.token, config.session_lifetime));
    response.headers.set("Cache-Control", "no-store");
    return response;
}

Response logout(Identity& identity, Request& request) {
    // CSRF-checked like any unsafe request, so another site cannot sign the user out.
    const auto found = identity.authenticator().authenticate_session(request);
    identity.sessions().close(found.session.session_id);
    identity.log().append({0, sdk::Timestamp::now(), "logout", found.session.user_id, "",
                           request.remote_address, ""});
    auto response = Response::no_content();
    if (found.session.kind == SessionKind::cookie) {
        response.headers.set("Set-Cookie", session_cookie_header("", std::chrono::seconds(0)));
    }
    return response;
}

Response session(Identity& identity, const Request& request) {
    const auto found = identity.authenticator().identify(request);
    boost::json::object body;
    body["user"] =
        found ? user_json(identity.store(), found->session.user_id) : boost::json::value(nullptr);
    // Without a cookie session there is nothing to protect; any token will do.
    body["csrf_token"] = found && found->session.kind == SessionKind::cookie
                             ? found->session.csrf_token
                             : new_csrf_token();
    auto response = http::json_response(200, body);
    response.headers.set("Cache-Control", "no-store");
    return response;
}

std::size_t size_param(const Request& request, std::string_view name, std::size_t fallback,
                       std::size_t most) {
    const auto text = request.query_param(name);
    if (!text) {
        return fallback;
    }
    std::size_t value = 0;
    const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (error != std::errc{} || end != text->data() + text->size()) {
        throw sdk::Error(sdk::ErrorCode::bad_request,
                         std::string(name) + " must be a non-negative integer",
                         {{std::string(name), "expected a non-negative integer"}});
    }
    return std::min(value, most);
}

Response security_events(Identity& identity, Request& request) {
    const auto caller = identity.authenticator().authenticate(request);
    if (!caller.policy->is_unrestricted()) {
        throw sdk::Error(sdk::ErrorCode::forbidden, "only admins may read the security log");
    }
    const auto kind = request.query_param("kind");
    boost::json::array items;
    for (const auto& event : identity.log().read(kind ? std::string(*kind) : std::string(),
                                                 size_param(request, "limit", 50, 1000),
                                                 size_param(request, "offset", 0, SIZE_MAX))) {
        items.push_back({{"id", event.id},
                         {"at", event.at.to_rfc3339()},
                         {"kind", event.kind},
                         {"user_id", event.user_id ? boost::json::value(*event.user_id)
                                                   : boost::json::value(nullptr)},
                         {"login", event.login},
                         {"address", event.address},
                         {"detail", event.detail}});
    }
    return http::json_response(200, boost::json::object{{"items", std::move(items)}});
}

}  // namespace

void add_auth_routes(http::Router& router, Identity& identity) {
    router.add(Method::post, "/api/v1/auth/login",
               [&identity](Request& request) { return login(identity, request); });
    router.add(Method::post, "/api/v1/auth/logout",
               [&identity](Request& request) { return logout(identity, request); });
    router.add(Method::get, "/api/v1/auth/session",
               [&identity](Request& request) { return session(identity, request); });
    router.add(Method::get, "/api/v1/admin/security-events",
               [&identity](Request& request) { return security_events(identity, request); });
}

}  // namespace rapport::auth
