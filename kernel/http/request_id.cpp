#include "http/request_id.hpp"

#include <algorithm>
#include <cstdint>
#include <random>

namespace rapport::http {

std::string new_request_id() {
    thread_local std::mt19937_64 generator{std::random_device{}()};
    constexpr char digits[] = "0123456789abcdef";
    std::uint64_t bits = generator();
    std::string id(16, '0');
    for (auto it = id.rbegin(); it != id.rend(); ++it, bits >>= 4) {
        *it = digits[bits & 0xf];
    }
    return id;
}

bool is_acceptable_request_id(std::string_view id) noexcept {
    return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '-' || c == '_' || c == '.';
    });
}

}  // namespace rapport::http
