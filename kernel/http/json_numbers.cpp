#include "http/json_numbers.hpp"

#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <iterator>
#include <system_error>

namespace rapport::http {
namespace {

// Up to this many significant digits, a decimal survives the trip through a double.
constexpr std::size_t exact_digits = 15;

bool is_number_character(char c) {
    return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

// The digits of a number's mantissa from its first non-zero digit to its last.
std::size_t significant_digits(std::string_view number) {
    const auto mantissa = number.substr(0, number.find_first_of("eE"));
    const auto first = mantissa.find_first_of("123456789");
    if (first == std::string_view::npos) {
        return 0;
    }
    const auto last = mantissa.find_last_of("123456789");
    std::size_t digits = 0;
    for (std::size_t i = first; i <= last; ++i) {
        digits += mantissa[i] == '.' ? 0 : 1;
    }
    return digits;
}

// The next number token at or after `from`, strings skipped; empty when there is none.
std::string_view next_number(std::string_view json, std::size_t from) {
    for (std::size_t i = from; i < json.size(); ++i) {
        if (json[i] == '"') {  // a string: skip to its closing quote
            for (++i; i < json.size() && json[i] != '"'; ++i) {
                i += json[i] == '\\' ? 1 : 0;
            }
            continue;
        }
        if (json[i] == '-' || (json[i] >= '0' && json[i] <= '9')) {
            std::size_t end = i;
            while (end < json.size() && is_number_character(json[end])) {
                ++end;
            }
            return json.substr(i, end - i);
        }
    }
    return {};
}

std::size_t end_of(std::string_view json, std::string_view token) {
    return static_cast<std::size_t>(token.data() - json.data()) + token.size();
}

bool holds_double(const boost::json::value& value) {
    if (const auto* object = value.if_object()) {
        return std::any_of(object->begin(), object->end(),
                           [](const auto& member) { return holds_double(member.value()); });
    }
    if (const auto* array = value.if_array()) {
        return std::any_of(array->begin(), array->end(),
                           [](const auto& item) { return holds_double(item); });
    }
    return value.is_double();
}

bool is_out_of_range(std::string_view number) {
    double parsed = 0;
    return std::from_chars(number.data(), number.data() + number.size(), parsed).ec ==
           std::errc::result_out_of_range;
}

bool is_imprecise(std::string_view number) {
    return number.find_first_of(".eE") != std::string_view::npos &&
           significant_digits(number) > exact_digits;
}

// The first number in JSON text that `unfit` holds true of.
std::optional<std::string_view> first_number(std::string_view json,
                                             bool (*unfit)(std::string_view number)) {
    for (auto number = next_number(json, 0); !number.empty();
         number = next_number(json, end_of(json, number))) {
        if (unfit(number)) {
            return number;
        }
    }
    return std::nullopt;
}

}  // namespace

std::optional<UnfitNumber> unfit_number(std::string_view json) {
    for (auto number = next_number(json, 0); !number.empty();
         number = next_number(json, end_of(json, number))) {
        if (is_out_of_range(number)) {
            return UnfitNumber{number, NumberFault::out_of_range};
        }
        if (is_imprecise(number)) {
            return UnfitNumber{number, NumberFault::imprecise};
        }
    }
    return std::nullopt;
}

std::optional<std::string_view> out_of_range_number(std::string_view json) {
    return first_number(json, is_out_of_range);
}

std::optional<std::string_view> imprecise_number(std::string_view json) {
    return first_number(json, is_imprecise);
}

std::string plain_json_text(const boost::json::value& value) {
    std::string text = boost::json::serialize(value);
    // Walking the values is a fraction of scanning the text, which most responses can skip.
    if (!holds_double(value)) {
        return text;
    }
    std::string plain;
    plain.reserve(text.size());
    std::size_t copied = 0;
    for (auto number = next_number(text, 0); !number.empty();
         number = next_number(text, end_of(text, number))) {
        double parsed = 0;
        const auto [end, error] =
            std::from_chars(number.data(), number.data() + number.size(), parsed);
        if (number.find('E') == std::string_view::npos || error != std::errc{} ||
            end != number.data() + number.size()) {
            continue;
        }
        const auto start = static_cast<std::size_t>(number.data() - text.data());
        plain.append(text, copied, start - copied);
        fmt::format_to(std::back_inserter(plain), "{}", parsed);
        copied = start + number.size();
    }
    plain.append(text, copied);
    return plain;
}

}  // namespace rapport::http
