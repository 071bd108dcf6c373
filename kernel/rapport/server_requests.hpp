// The rapport command line's requests to a running server: answers read as JSON (a refusal
// becomes an error carrying the server's message), records and actions, signing in and out.
#pragma once

#include "client/server_client.hpp"

#include <boost/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace rapport::cli {

// The server's answer as JSON; a status of 400 or more throws std::runtime_error with the
// status, the message and the details the server gave.
boost::json::value answer(const client::ServerReply& reply);

// The records API (docs/api.md) for one caller. Every failure throws std::runtime_error that
// says what was being done.
class RecordsClient {
  public:
    RecordsClient(std::string_view url, std::string token);

    boost::json::value get(const std::string& target) const;
    // The `total` of a list: how many records of `entity` match `filters` ("&city=eq.Jakarta").
    std::int64_t count(std::string_view entity, const std::string& filters = {}) const;
    boost::json::object create(std::string_view entity, const boost::json::object& values) const;
    boost::json::object update(std::string_view entity, std::int64_t id,
                               const boost::json::object& values) const;
    // POST .../actions/{action}: {"record": ..., "created": ...}.
    boost::json::object act(std::string_view entity, std::int64_t id, std::string_view action,
                            const boost::json::object& params = {}) const;
    // POST to any other path with a JSON body.
    boost::json::value post(const std::string& target, const boost::json::object& body) const;

    const client::ServerClient& server() const { return server_; }

  private:
    boost::json::value send(std::string_view method, const std::string& target,
                            const std::string& body, const std::string& doing) const;

    client::ServerClient server_;
};

// A bearer token for `login` (POST /api/v1/auth/login); throws std::runtime_error naming the
// login when the server refuses.
std::string sign_in(std::string_view url, const std::string& login, const std::string& password);

// Ends the token's session (POST /api/v1/auth/logout).
void sign_out(std::string_view url, const std::string& token);

}  // namespace rapport::cli
