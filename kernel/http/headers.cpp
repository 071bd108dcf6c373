#include "http/headers.hpp"

#include <algorithm>

namespace rapport::http {

bool equals_ignoring_case(std::string_view a, std::string_view b) noexcept {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                              [&](char x, char y) { return lower(x) == lower(y); });
}

std::optional<std::string_view> Headers::get(std::string_view name) const {
    for (const auto& [field, value] : fields_) {
        if (equals_ignoring_case(field, name)) {
            return value;
        }
    }
    return std::nullopt;
}

void Headers::set(std::string_view name, std::string value) {
    std::erase_if(fields_,
                  [&](const Field& field) { return equals_ignoring_case(field.first, name); });
    fields_.emplace_back(std::string(name), std::move(value));
}

void Headers::add(std::string name, std::string value) {
    fields_.emplace_back(std::move(name), std::move(value));
}

}  // namespace rapport::http
