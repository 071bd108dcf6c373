#include "http/request.hpp"

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
    return find(query, name);
}

std::optional<std::string_view> Request::path_param(std::string_view name) const {
    return find(path_params, name);
}

}  // namespace rapport::http
