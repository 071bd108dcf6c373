#include <rapport/sdk/http.hpp>

#include <algorithm>
#include <cctype>

namespace rapport::sdk {
namespace {

std::optional<std::string_view> find(const NameValues& pairs, std::string_view name,
                                     bool ignore_case) {
    const auto same = [&](const std::string& candidate) {
        return ignore_case
                   ? std::equal(candidate.begin(), candidate.end(), name.begin(), name.end(),
                                [](unsigned char a, unsigned char b) {
                                    return std::tolower(a) == std::tolower(b);
                                })
                   : candidate == name;
    };
    for (const auto& [key, value] : pairs) {
        if (same(key)) {
            return value;
        }
    }
    return std::nullopt;
}

}  // namespace

std::optional<std::string_view> HttpRequest::path_param(std::string_view name) const {
    return find(path_params, name, false);
}

std::optional<std::string_view> HttpRequest::query_param(std::string_view name) const {
    return find(query, name, false);
}

std::optional<std::string_view> HttpRequest::header(std::string_view name) const {
    return find(headers, name, true);
}

}  // namespace rapport::sdk
