#include "json_values.hpp"

#include <rapport/sdk/error.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <array>
#include <charconv>

namespace rapport::sales {
namespace {

// A JSON number as the text it was sent as: integers exactly, doubles by their shortest
// round-trip form, which is the original text for up to 15 significant digits.
std::optional<std::string> number_text(const boost::json::value& json) {
    if (json.is_int64()) {
        return std::to_string(json.get_int64());
    }
    if (json.is_uint64()) {
        return std::to_string(json.get_uint64());
    }
    std::array<char, 64> buffer{};
    const auto [end, error] =
        std::to_chars(buffer.data(), buffer.data() + buffer.size(), json.get_double());
    if (error != std::errc{}) {
        return std::nullopt;
    }
    std::string text(buffer.data(), end);
    const auto digits =
        std::count_if(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (digits > 15) {
        return std::nullopt;
    }
    return text;
}

}  // namespace

ActionParams::ActionParams(const sdk::Json& params, std::string_view action,
                           std::initializer_list<std::string_view> known)
    : action_(action) {
    boost::system::error_code error;
    auto parsed = boost::json::parse(params.text.empty() ? "{}" : params.text, error);
    if (error || !parsed.is_object()) {
        throw sdk::Error(sdk::ErrorCode::bad_request, "an action's parameters are a JSON object");
    }
    object_ = std::move(parsed.as_object());
    std::vector<sdk::FieldError> unknown;
    for (const auto& [name, value] : object_) {
        if (std::find(known.begin(), known.end(), std::string_view(name)) == known.end()) {
            unknown.push_back({std::string(name), "is not a parameter of " + action_});
        }
    }
    if (!unknown.empty()) {
        throw sdk::Error(sdk::ErrorCode::validation_failed, "invalid parameters for " + action_,
                         std::move(unknown));
    }
}

void ActionParams::refuse(std::string_view name, const std::string& message) const {
    throw sdk::Error(sdk::ErrorCode::validation_failed, "invalid parameters for " + action_,
                     {{std::string(name), message}});
}

bool ActionParams::has(std::string_view name) const {
    const auto* value = object_.if_contains(name);
    return value && !value->is_null();
}

std::optional<std::int64_t> ActionParams::id(std::string_view name) const {
    if (!has(name)) {
        return std::nullopt;
    }
    const auto& value = object_.at(name);
    std::int64_t id = 0;
    if (value.is_int64()) {
        id = value.get_int64();
    } else if (value.is_string()) {
        const std::string_view text = value.get_string();
        const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
        if (error != std::errc{} || end != text.data() + text.size()) {
            id = 0;
        }
    }
    if (id <= 0) {
        refuse(name, "expected the id of a record");
    }
    return id;
}

bool ActionParams::flag(std::string_view name) const {
    if (!has(name)) {
        return false;
    }
    const auto& value = object_.at(name);
    if (!value.is_bool()) {
        refuse(name, "expected true or false");
    }
    return value.get_bool();
}

std::optional<sdk::Decimal> ActionParams::amount(std::string_view name, int scale) const {
    if (!has(name)) {
        return std::nullopt;
    }
    const auto& value = object_.at(name);
    std::optional<std::string> text;
    if (value.is_string()) {
        text = std::string(value.get_string());
    } else if (value.is_number()) {
        text = number_text(value);
    }
    const auto amount = text ? sdk::Decimal::parse(*text, scale) : std::nullopt;
    if (!amount) {
        refuse(name, "expected an amount with at most " + std::to_string(scale) +
                         " decimals, as a number or a string");
    }
    return amount;
}

std::optional<sdk::Date> ActionParams::date(std::string_view name) const {
    if (!has(name)) {
        return std::nullopt;
    }
    const auto& value = object_.at(name);
    const auto date = value.is_string() ? sdk::Date::parse(value.get_string()) : std::nullopt;
    if (!date) {
        refuse(name, "expected a date YYYY-MM-DD");
    }
    return date;
}

boost::json::value value_json(const sdk::Value& value) {
    return std::visit(
        [](const auto& held) -> boost::json::value {
            using Held = std::decay_t<decltype(held)>;
            if constexpr (std::is_same_v<Held, std::monostate>) {
                return nullptr;
            } else if constexpr (std::is_same_v<Held, bool> || std::is_same_v<Held, std::int64_t> ||
                                 std::is_same_v<Held, std::string>) {
                return boost::json::value(held);
            } else if constexpr (std::is_same_v<Held, sdk::Decimal> ||
                                 std::is_same_v<Held, sdk::Date>) {
                return boost::json::value(held.to_string());
            } else if constexpr (std::is_same_v<Held, sdk::Timestamp>) {
                return boost::json::value(held.to_rfc3339());
            } else if constexpr (std::is_same_v<Held, sdk::References> ||
                                 std::is_same_v<Held, sdk::Strings>) {
                boost::json::array items;
                for (const auto& item : held) {
                    items.emplace_back(item);
                }
                return items;
            } else {
                boost::system::error_code error;
                auto parsed = boost::json::parse(held.text, error);
                return error ? boost::json::value(nullptr) : parsed;
            }
        },
        value);
}

boost::json::object record_json(const sdk::Record& record) {
    boost::json::object object;
    object["id"] = record.id;
    object["version"] = record.version;
    for (const auto& [name, value] : record.values) {
        object[name] = value_json(value);
    }
    return object;
}

sdk::HttpResponse json_response(const boost::json::value& body) {
    sdk::HttpResponse response;
    response.body = boost::json::serialize(body);
    return response;
}

}  // namespace rapport::sales
