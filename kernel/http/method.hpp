// HTTP request methods the router distinguishes.
#pragma once

#include <optional>
#include <string_view>

namespace rapport::http {

enum class Method { get, head, post, put, patch, delete_, options };

std::optional<Method> parse_method(std::string_view name) noexcept;
std::string_view method_name(Method method) noexcept;

}  // namespace rapport::http
