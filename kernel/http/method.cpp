#include "http/method.hpp"

#include <array>
#include <utility>

namespace rapport::http {
namespace {

constexpr std::array<std::pair<Method, std::string_view>, 7> names{{
    {Method::get, "GET"},
    {Method::head, "HEAD"},
    {Method::post, "POST"},
    {Method::put, "PUT"},
    {Method::patch, "PATCH"},
    {Method::delete_, "DELETE"},
    {Method::options, "OPTIONS"},
}};

}  // namespace

std::optional<Method> parse_method(std::string_view name) noexcept {
    for (const auto& [method, text] : names) {
        if (text == name) {
            return method;
        }
    }
    return std::nullopt;
}

std::string_view method_name(Method method) noexcept {
    for (const auto& [candidate, text] : names) {
        if (candidate == method) {
            return text;
        }
    }
    return "GET";
}

}  // namespace rapport::http
