#include "rapport/server_requests.hpp"

#include <stdexcept>

namespace rapport::cli {
namespace {

constexpr std::string_view json_type = "application/json";

std::string text_at(const boost::json::value& json, std::string_view pointer) {
    boost::system::error_code error;
    const auto* found = json.find_pointer(pointer, error);
    return found && found->is_string() ? std::string(found->as_string()) : std::string();
}

// "invalid account (phone: expected ..., name: is required)"
std::string refusal_of(const boost::json::value& json) {
    std::string message = text_at(json, "/error/message");
    boost::system::error_code error;
    const auto* details = json.find_pointer("/error/details", error);
    if (details && details->is_array() && !details->as_array().empty()) {
        std::string listed;
        for (const auto& detail : details->as_array()) {
            listed += (listed.empty() ? "" : ", ") + text_at(detail, "/field") + ": " +
                      text_at(detail, "/message");
        }
        message += " (" + listed + ")";
    }
    return message;
}

// What a new record is called, for messages: never all its values, which may hold a password.
std::string name_of(std::string_view entity, const boost::json::object& values) {
    for (const auto* key : {"name", "login", "title", "last_name", "code"}) {
        if (const auto* value = values.if_contains(key); value && value->is_string()) {
            return std::string(entity) + " '" + std::string(value->as_string()) + "'";
        }
    }
    return "a " + std::string(entity);
}

}  // namespace

boost::json::value answer(const client::ServerReply& reply) {
    boost::system::error_code error;
    auto json = boost::json::parse(reply.body, error);
    if (reply.status >= 400) {
        const auto message = error ? std::string() : refusal_of(json);
        throw std::runtime_error("the server answered " + std::to_string(reply.status) +
                                 (message.empty() ? "" : ": " + message));
    }
    if (error) {
        throw std::runtime_error("the server answered something that is not JSON");
    }
    return json;
}

RecordsClient::RecordsClient(std::string_view url, std::string token)
    : server_(url, std::move(token)) {}

boost::json::value RecordsClient::send(std::string_view method, const std::string& target,
                                       const std::string& body, const std::string& doing) const {
    try {
        return answer(server_.request(method, target, body, body.empty() ? "" : json_type));
    } catch (const std::runtime_error& failure) {
        throw std::runtime_error(doing + ": " + failure.what());
    }
}

boost::json::value RecordsClient::get(const std::string& target) const {
    return send("GET", target, {}, "GET " + target);
}

std::int64_t RecordsClient::count(std::string_view entity, const std::string& filters) const {
    const auto list =
        get("/api/v1/records/" + std::string(entity) + "?select=id&limit=1" + filters);
    return list.at("total").as_int64();
}

boost::json::object RecordsClient::create(std::string_view entity,
                                          const boost::json::object& values) const {
    return send("POST", "/api/v1/records/" + std::string(entity), boost::json::serialize(values),
                "cannot create " + name_of(entity, values))
        .as_object();
}

boost::json::object RecordsClient::update(std::string_view entity, std::int64_t id,
                                          const boost::json::object& values) const {
    const auto target = "/api/v1/records/" + std::string(entity) + "/" + std::to_string(id);
    return send("PATCH", target, boost::json::serialize(values),
                "cannot update " + std::string(entity) + " " + std::to_string(id))
        .as_object();
}

boost::json::object RecordsClient::act(std::string_view entity, std::int64_t id,
                                       std::string_view action,
                                       const boost::json::object& params) const {
    const auto target = "/api/v1/records/" + std::string(entity) + "/" + std::to_string(id) +
                        "/actions/" + std::string(action);
    return send("POST", target, boost::json::serialize(params),
                "cannot " + std::string(action) + " " + std::string(entity) + " " +
                    std::to_string(id))
        .as_object();
}

boost::json::value RecordsClient::post(const std::string& target,
                                       const boost::json::object& body) const {
    return send("POST", target, boost::json::serialize(body), "POST " + target);
}

std::string sign_in(std::string_view url, const std::string& login, const std::string& password) {
    // The login route needs no token; the client sends an empty one.
    const client::ServerClient server(url, "");
    try {
        const auto signed_in = answer(server.request(
            "POST", "/api/v1/auth/login",
            boost::json::serialize(boost::json::object{{"login", login}, {"password", password}}),
            json_type));
        return std::string(signed_in.at("token").as_string());
    } catch (const std::runtime_error& failure) {
        throw std::runtime_error("cannot sign in as " + login + ": " + failure.what());
    }
}

void sign_out(std::string_view url, const std::string& token) {
    const client::ServerClient server(url, token);
    const auto reply = server.request("POST", "/api/v1/auth/logout");
    if (reply.status >= 400) {
        answer(reply);
    }
}

}  // namespace rapport::cli
