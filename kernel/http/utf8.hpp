// UTF-8 text: what the request target, JSON and CSV cells must be, and how long it is.
#pragma once

#include <cstddef>
#include <string_view>

namespace rapport::http {

// Characters (UTF-8 code points) of a text, the unit of every length limit.
std::size_t character_count(std::string_view text) noexcept;

// Well-formed UTF-8: shortest forms only, no surrogates, nothing past U+10FFFF.
bool is_well_formed_utf8(std::string_view text) noexcept;

}  // namespace rapport::http
