// Turns a request's credentials into a records::Caller: a bearer token (Authorization:
// Bearer …) alone, or else the session cookie, which on unsafe methods also needs the
// session's X-CSRF-Token. The caller's access comes from their roles, their team mates from
// their teams, all read from the database on each request.
#pragma once

#include "auth/session_store.hpp"
#include "records/caller.hpp"

#include <optional>
#include <string_view>

namespace rapport::http {
struct Request;
}
namespace rapport::records {
class RecordStore;
}

namespace rapport::auth {

class RoleCatalog;

inline constexpr std::string_view session_cookie = "rapport_session";

struct Authenticated {
    SessionUser session;
    records::Caller caller;
};

class Authenticator {
  public:
    Authenticator(records::RecordStore& store, SessionStore& sessions, RoleCatalog& roles);

    // Throws sdk::Error: unauthenticated (401) without valid credentials, forbidden (403) for
    // an unsafe cookie request without its CSRF token.
    records::Caller authenticate(http::Request& request) const;
    // The same, with the session that authenticated the request (logout ends it).
    Authenticated authenticate_session(http::Request& request) const;
    // The session the request carries, when it is valid; no CSRF check.
    std::optional<Authenticated> identify(const http::Request& request) const;
    // The caller a user is, with the given roles (a JSON array of role names).
    records::Caller caller_for(std::int64_t user_id, std::optional<std::int64_t> team_id,
                               std::string_view roles_json) const;

  private:
    records::RecordStore& store_;
    SessionStore& sessions_;
    RoleCatalog& roles_;
};

// The value of a cookie in the request's Cookie headers.
std::optional<std::string_view> cookie_value(const http::Request& request, std::string_view name);

}  // namespace rapport::auth
