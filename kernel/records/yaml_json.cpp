#include "records/yaml_json.hpp"

#include "records/number_syntax.hpp"

#include <boost/json.hpp>

#include <array>
#include <charconv>
#include <cstdint>
#include <string_view>

namespace rapport::records {
namespace {

constexpr std::array<std::string_view, 5> null_words{"", "~", "null", "Null", "NULL"};
constexpr std::array<std::string_view, 3> true_words{"true", "True", "TRUE"};
constexpr std::array<std::string_view, 3> false_words{"false", "False", "FALSE"};

bool is_one_of(std::string_view text, const auto& words) {
    for (const auto word : words) {
        if (text == word) {
            return true;
        }
    }
    return false;
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// [-+]?[0-9]+ (core schema int, decimal form only)
bool looks_integer(std::string_view text) {
    if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
        text.remove_prefix(1);
    }
    if (text.empty()) {
        return false;
    }
    for (const char c : text) {
        if (!is_digit(c)) {
            return false;
        }
    }
    return true;
}

boost::json::value plain_scalar(const std::string& text) {
    if (is_one_of(text, null_words)) {
        return nullptr;
    }
    if (is_one_of(text, true_words)) {
        return true;
    }
    if (is_one_of(text, false_words)) {
        return false;
    }
    const char* begin = text.data() + (text.starts_with('+') ? 1 : 0);
    const char* end = text.data() + text.size();
    if (looks_integer(text)) {
        std::int64_t value = 0;
        if (const auto result = std::from_chars(begin, end, value); result.ec == std::errc{}) {
            return value;
        }
        // Beyond 64 bits: a double keeps the magnitude, as JSON parsers do.
    }
    if (looks_integer(text) || is_decimal_number(text)) {
        double value = 0;
        if (const auto result = std::from_chars(begin, end, value);
            result.ec == std::errc{} && result.ptr == end) {
            return value;
        }
    }
    return boost::json::string(text);
}

}  // namespace

boost::json::value yaml_to_json(const YAML::Node& node) {
    switch (node.Type()) {
        case YAML::NodeType::Map: {
            boost::json::object object;
            for (const auto& entry : node) {
                object[entry.first.Scalar()] = yaml_to_json(entry.second);
            }
            return object;
        }
        case YAML::NodeType::Sequence: {
            boost::json::array array;
            for (const auto& item : node) {
                array.push_back(yaml_to_json(item));
            }
            return array;
        }
        case YAML::NodeType::Scalar:
            // "?" marks a plain scalar, whose type YAML leaves to the schema; "!" a quoted one.
            return node.Tag() == "?" ? plain_scalar(node.Scalar())
                                     : boost::json::value(boost::json::string(node.Scalar()));
        default:
            return nullptr;
    }
}

}  // namespace rapport::records
