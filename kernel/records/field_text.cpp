#include "records/field_text.hpp"

#include "http/json_numbers.hpp"
#include "http/utf8.hpp"

#include <boost/algorithm/string/predicate.hpp>
#include <boost/json/parse.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <system_error>

namespace rapport::records {
namespace {

using sdk::FieldType;
using Parsed = std::variant<sdk::Value, std::string>;

// Explicit, because a Parsed built from text could also be a Value holding that text.
Parsed rejected(std::string message) {
    return Parsed{std::in_place_index<1>, std::move(message)};
}

std::optional<std::int64_t> parse_int64(std::string_view text) {
    std::int64_t value = 0;
    const char* last = text.data() + text.size();
    const auto [end, error] = std::from_chars(text.data(), last, value);
    if (error != std::errc{} || end != last) {
        return std::nullopt;
    }
    return value;
}

Parsed parse_integer(std::string_view text) {
    if (const auto value = parse_int64(text)) {
        return sdk::Value{*value};
    }
    return rejected("expected an integer");
}

Parsed parse_reference(std::string_view text) {
    if (const auto id = parse_record_id(text)) {
        return sdk::Value{*id};
    }
    return rejected("expected a record id (a positive integer)");
}

Parsed parse_references(std::string_view text) {
    sdk::References ids;
    for (const auto item : split_on_commas(text)) {
        const auto id = parse_record_id(item);
        if (!id) {
            return rejected("expected record ids (positive integers) separated by commas");
        }
        add_reference(ids, *id);
    }
    return sdk::Value{std::move(ids)};
}

Parsed parse_decimal(const FieldDefinition& field, std::string_view text) {
    const int scale = field.type == FieldType::money ? 2 : field.scale;
    if (const auto value = sdk::Decimal::parse(text, scale)) {
        return sdk::Value{*value};
    }
    return rejected("expected a number with at most " + std::to_string(scale) + " decimals");
}

Parsed parse_boolean(std::string_view text) {
    if (text == "true" || text == "1") {
        return sdk::Value{true};
    }
    if (text == "false" || text == "0") {
        return sdk::Value{false};
    }
    return rejected("expected true or false");
}

Parsed parse_date(std::string_view text) {
    if (const auto date = sdk::Date::parse(text)) {
        return sdk::Value{*date};
    }
    return rejected("expected a date YYYY-MM-DD");
}

Parsed parse_datetime(std::string_view text) {
    if (const auto at = sdk::Timestamp::parse(text)) {
        return sdk::Value{*at};
    }
    return rejected(
        "expected a date-time in RFC 3339 such as 2026-11-22T09:41:06Z, in the years 0001 to "
        "9999 (UTC)");
}

Parsed parse_enumeration(const FieldDefinition& field, std::string_view text) {
    if (std::find(field.values.begin(), field.values.end(), text) != field.values.end()) {
        return sdk::Value{std::string(text)};
    }
    std::string expected = "expected one of ";
    for (std::size_t i = 0; i < field.values.size(); ++i) {
        expected += (i == 0 ? "" : ", ") + field.values[i];
    }
    return rejected(std::move(expected));
}

bool has_space(std::string_view text) {
    return std::any_of(text.begin(), text.end(),
                       [](char c) { return static_cast<unsigned char>(c) <= ' ' || c == '\x7f'; });
}

Parsed parse_email(std::string_view text) {
    const auto at = text.find('@');
    const bool valid = at != std::string_view::npos && at > 0 && at + 1 < text.size() &&
                       text.find('@', at + 1) == std::string_view::npos && !has_space(text);
    if (valid) {
        return sdk::Value{std::string(text)};
    }
    return rejected("expected an email address such as name@example.com");
}

// Schemes are case-insensitive (RFC 3986 §3.1): "HTTPS://" is one too.
std::string_view after_http_scheme(std::string_view text) {
    for (const std::string_view scheme : {"https://", "http://"}) {
        if (boost::algorithm::istarts_with(text, scheme)) {
            return text.substr(scheme.size());
        }
    }
    return {};
}

Parsed parse_url(std::string_view text) {
    if (!after_http_scheme(text).empty() && !has_space(text)) {
        return sdk::Value{std::string(text)};
    }
    return rejected("expected a URL starting with http:// or https://");
}

Parsed parse_strings(std::string_view text) {
    sdk::Strings items;
    for (const auto item : split_on_commas(text)) {
        items.emplace_back(item);
    }
    return sdk::Value{std::move(items)};
}

Parsed parse_json(std::string_view text) {
    boost::system::error_code error;
    boost::json::parse(text, error);
    if (error) {
        return rejected("expected a JSON document");
    }
    if (const auto number = http::out_of_range_number(text)) {
        return rejected("the number " + std::string(*number) + " is beyond a JSON number's range");
    }
    return sdk::Value{sdk::Json{std::string(text)}};
}

Parsed parse_typed(const FieldDefinition& field, std::string_view text) {
    switch (field.type) {
        case FieldType::integer:
            return parse_integer(text);
        case FieldType::reference:
            return parse_reference(text);
        case FieldType::references:
            return parse_references(text);
        case FieldType::decimal:
        case FieldType::money:
        case FieldType::percent:
            return parse_decimal(field, text);
        case FieldType::boolean:
            return parse_boolean(text);
        case FieldType::date:
            return parse_date(text);
        case FieldType::datetime:
            return parse_datetime(text);
        case FieldType::enumeration:
            return parse_enumeration(field, text);
        case FieldType::email:
            return parse_email(text);
        case FieldType::url:
            return parse_url(text);
        case FieldType::strings:
            return parse_strings(text);
        case FieldType::json:
            return parse_json(text);
        case FieldType::string:
        case FieldType::text:
        case FieldType::phone:
            break;
    }
    return sdk::Value{std::string(text)};
}

// Sign of a - b, exact at any two scales (an int64 times 10^9 fits in 128 bits).
int compare(const sdk::Decimal& a, const sdk::Decimal& b) {
    const int scale = std::max(a.scale(), b.scale());
    const auto widened = [scale](const sdk::Decimal& number) {
        __int128 units = number.units();
        for (int i = number.scale(); i < scale; ++i) {
            units *= 10;
        }
        return units;
    };
    const auto difference = widened(a) - widened(b);
    return difference < 0 ? -1 : difference > 0 ? 1 : 0;
}

std::optional<std::string> check_number(const FieldDefinition& field, const sdk::Decimal& number) {
    if (field.min && compare(number, *field.min) < 0) {
        return "expected at least " + field.min->to_string();
    }
    if (field.max && compare(number, *field.max) > 0) {
        return "expected at most " + field.max->to_string();
    }
    return std::nullopt;
}

std::optional<std::string> check_length(const FieldDefinition& field, std::string_view text,
                                        std::string_view unit = "characters") {
    const auto length = http::character_count(text);
    const sdk::Decimal length_number{static_cast<std::int64_t>(length), 0};
    if (field.min && compare(length_number, *field.min) < 0) {
        return "expected at least " + field.min->to_string() + " " + std::string(unit);
    }
    if (length > field.max_length()) {
        return "expected at most " + std::to_string(field.max_length()) + " " + std::string(unit);
    }
    return std::nullopt;
}

std::optional<std::string> check_items(const FieldDefinition& field, const sdk::Strings& items) {
    for (const auto& item : items) {
        if (auto problem = check_length(field, item, "characters in each item")) {
            return problem;
        }
    }
    return std::nullopt;
}

}  // namespace

std::variant<sdk::Value, std::string> parse_typed_text(const FieldDefinition& field,
                                                       std::string_view text) {
    if (text.empty()) {
        return sdk::Value{};
    }
    return parse_typed(field, text);
}

std::variant<sdk::Value, std::string> parse_field_text(const FieldDefinition& field,
                                                       std::string_view text) {
    auto parsed = parse_typed_text(field, text);
    if (const auto* value = std::get_if<sdk::Value>(&parsed); value && !sdk::is_null(*value)) {
        if (auto problem = check_range(field, *value)) {
            return rejected(std::move(*problem));
        }
    }
    return parsed;
}

std::optional<std::string> check_range(const FieldDefinition& field, const sdk::Value& value) {
    if (const auto* integer = std::get_if<std::int64_t>(&value);
        integer && is_number_type(field.type)) {
        return check_number(field, sdk::Decimal{*integer, 0});
    }
    if (const auto* decimal = std::get_if<sdk::Decimal>(&value)) {
        return check_number(field, *decimal);
    }
    if (const auto* text = std::get_if<std::string>(&value); text && is_text_type(field.type)) {
        return check_length(field, *text);
    }
    if (const auto* items = std::get_if<sdk::Strings>(&value)) {
        return check_items(field, *items);
    }
    if (const auto* json = std::get_if<sdk::Json>(&value)) {
        return check_length(field, json->text);
    }
    return std::nullopt;
}

std::optional<std::int64_t> parse_record_id(std::string_view text) {
    const auto id = parse_int64(text);
    return id && *id > 0 ? id : std::nullopt;
}

void add_reference(sdk::References& ids, std::int64_t id) {
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) {
        ids.push_back(id);
    }
}

std::vector<std::string_view> split_on_commas(std::string_view text) {
    std::vector<std::string_view> items;
    for (std::size_t start = 0;;) {
        const auto comma = text.find(',', start);
        items.push_back(text.substr(start, comma - start));
        if (comma == std::string_view::npos) {
            return items;
        }
        start = comma + 1;
    }
}

bool is_number_type(sdk::FieldType type) noexcept {
    return type == FieldType::integer || type == FieldType::decimal || type == FieldType::money ||
           type == FieldType::percent;
}

bool is_text_type(sdk::FieldType type) noexcept {
    return type == FieldType::string || type == FieldType::text || type == FieldType::email ||
           type == FieldType::phone || type == FieldType::url;
}

std::string format_field_text(const sdk::Value& value) {
    return std::visit(
        [](const auto& v) -> std::string {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::monostate>) {
                return {};
            } else if constexpr (std::is_same_v<T, bool>) {
                return v ? "true" : "false";
            } else if constexpr (std::is_same_v<T, std::int64_t>) {
                return std::to_string(v);
            } else if constexpr (std::is_same_v<T, std::string>) {
                return v;
            } else if constexpr (std::is_same_v<T, sdk::Timestamp>) {
                return v.to_rfc3339();
            } else if constexpr (std::is_same_v<T, sdk::Json>) {
                return v.text;
            } else if constexpr (std::is_same_v<T, sdk::References> ||
                                 std::is_same_v<T, sdk::Strings>) {
                std::string joined;
                for (const auto& item : v) {
                    if (!joined.empty()) {
                        joined += ',';
                    }
                    if constexpr (std::is_same_v<T, sdk::References>) {
                        joined += std::to_string(item);
                    } else {
                        joined += item;
                    }
                }
                return joined;
            } else {
                return v.to_string();  // Decimal, Date
            }
        },
        value);
}

}  // namespace rapport::records
