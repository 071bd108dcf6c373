#include "http/request.hpp"

#include <rapport/sdk/error.hpp>

#include <fmt/format.h>

namespace rapport::http {
namespace {

std::optional<std::string_view> find(const std::vector<std::pair<std::string, std::string>>& pairs,
                                     std::string_view name) {
    for (const auto& [key, value] : pairs) {
        if (key == name) {
            return value;
        }
    }
    return std::nullopt;
}

}  // namespace

std::optional<std::string_view> Request::query_param(std::string_view name) const {
    std::optional<std::string_view> value;
    for (const auto& [key, given] : query) {
        if (key != name) {
            continue;
        }
        if (value) {
            throw sdk::Error(sdk::ErrorCode::bad_request,
                             fmt::format("give the parameter {} once", name),
                             {{std::string(name), "is given more than once"}});
        }
        value = given;
    }
    return value;
}

std::optional<std::string_view> Request::path_param(std::string_view name) const {
    return find(path_params, name);
}

}  // namespace rapport::http
