// Who asks the record store for something: the authenticated user, the users who share a team
// with them (for `team` scopes) and the access their roles merge to. A default Caller may do
// nothing at all, so a path that forgets to authenticate fails closed.
#pragma once

#include "records/access_policy.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace rapport::http {
struct Request;
}

namespace rapport::records {

struct Caller {
    std::optional<std::int64_t> user_id;
    std::vector<std::int64_t> team_user_ids;  // the caller included when they have a team
    std::shared_ptr<const AccessPolicy> policy;
};

// How routes learn who asks: the identity module resolves a request's bearer token or session
// cookie into a Caller, or throws sdk::Error (401 unauthenticated, 403 for a cookie request
// without its CSRF token). It notes the user on the request for the logs.
using Authenticate = std::function<Caller(http::Request&)>;

}  // namespace rapport::records
