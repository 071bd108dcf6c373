#include "records/record_json.hpp"

#include "http/utf8.hpp"
#include "records/field_text.hpp"
#include "records/record_validation.hpp"

#include <rapport/sdk/error.hpp>

#include <boost/json.hpp>
#include <fmt/format.h>

#include <algorithm>

namespace rapport::records {
namespace {

using sdk::FieldType;

boost::json::value decimal_to_json(const FieldDefinition& field, const sdk::Decimal& value) {
    if (field.type != FieldType::percent) {
        return boost::json::string(value.to_string());
    }
    const auto whole = value.rescaled(0);
    if (whole && whole->rescaled(value.scale()) == value) {
        return whole->units();
    }
    return std::stod(value.to_string());
}

// A JSON number as the text it was sent as: integers exactly, doubles by their shortest
// round-trip form, which is the original text for up to 15 significant digits. Longer
// doubles cannot be reproduced exactly: nullopt.
std::optional<std::string> number_text(const boost::json::value& json) {
    if (json.is_int64()) {
        return std::to_string(json.get_int64());
    }
    if (json.is_uint64()) {
        return std::to_string(json.get_uint64());
    }
    std::string text = fmt::format("{}", json.get_double());
    const auto digits =
        std::count_if(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (digits > 15) {
        return std::nullopt;
    }
    return text;
}

// PostgreSQL cannot store U+0000 in text, and an import refuses it: refused on both backends.
bool has_nul(const boost::json::string& text) {
    return std::find(text.begin(), text.end(), '\0') != text.end();
}
constexpr const char* no_nul = "must not contain the character U+0000";

std::variant<sdk::Value, std::string> list_from_json(const FieldDefinition& field,
                                                     const boost::json::value& json) {
    if (!json.is_array()) {
        return std::string(field.type == FieldType::references ? "expected an array of ids"
                                                               : "expected an array of strings");
    }
    if (field.type == FieldType::references) {
        sdk::References ids;
        for (const auto& item : json.as_array()) {
            // As a single reference: 42.0 is the id 42.
            const auto text = item.is_number() ? number_text(item) : std::nullopt;
            const auto id = text ? parse_record_id(*text) : std::nullopt;
            if (!id) {
                return std::string("expected an array of ids");
            }
            add_reference(ids, *id);
        }
        return ids;
    }
    sdk::Strings strings;
    for (const auto& item : json.as_array()) {
        if (!item.is_string() || http::character_count(item.as_string()) > field.max_length()) {
            return fmt::format("expected an array of strings of at most {} characters",
                               field.max_length());
        }
        if (has_nul(item.as_string())) {
            return std::string(no_nul);
        }
        strings.emplace_back(item.as_string());
    }
    return strings;
}

// The JSON kinds §7 gives a scalar type: ids, integers and percents are numbers, money and
// decimals strings or numbers, the others strings.
struct JsonKinds {
    bool number;
    bool string;
    const char* expected;
};

JsonKinds json_kinds(FieldType type) {
    switch (type) {
        case FieldType::integer:
            return {true, false, "expected an integer"};
        case FieldType::reference:
            return {true, false, "expected a record id (a positive integer)"};
        case FieldType::percent:
            return {true, false, "expected a number"};
        case FieldType::decimal:
        case FieldType::money:
            return {true, true, "expected a number, or a string of one"};
        case FieldType::date:
            return {false, true, "expected a date YYYY-MM-DD"};
        case FieldType::datetime:
            return {false, true, "expected an RFC 3339 date-time"};
        default:
            return {false, true, "expected a string"};
    }
}

}  // namespace

std::variant<sdk::Value, std::string> value_from_json(const FieldDefinition& field,
                                                      const boost::json::value& json) {
    if (json.is_null()) {
        return sdk::Value{};
    }
    switch (field.type) {
        case FieldType::references:
        case FieldType::strings:
            return list_from_json(field, json);
        case FieldType::json:
            return sdk::Value{sdk::Json{boost::json::serialize(json)}};
        case FieldType::boolean:
            if (!json.is_bool()) {
                return std::string("expected true or false");
            }
            return sdk::Value{json.get_bool()};
        default:
            break;
    }
    if (const auto kinds = json_kinds(field.type);
        !(kinds.number && json.is_number()) && !(kinds.string && json.is_string())) {
        return std::string(kinds.expected);
    }
    std::string text;
    if (json.is_string()) {
        if (has_nul(json.as_string())) {
            return std::string(no_nul);
        }
        text = json.as_string();
    } else {
        auto number = number_text(json);
        if (!number) {
            return std::string("numbers with more than 15 digits must be sent as strings");
        }
        text = std::move(*number);
    }
    return parse_field_text(field, text);
}

boost::json::value value_to_json(const FieldDefinition& field, const sdk::Value& value) {
    return std::visit(
        [&](const auto& v) -> boost::json::value {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::monostate>) {
                return nullptr;
            } else if constexpr (std::is_same_v<T, bool> || std::is_same_v<T, std::int64_t>) {
                return v;
            } else if constexpr (std::is_same_v<T, sdk::Decimal>) {
                return decimal_to_json(field, v);
            } else if constexpr (std::is_same_v<T, std::string>) {
                return boost::json::string(v);
            } else if constexpr (std::is_same_v<T, sdk::Date>) {
                return boost::json::string(v.to_string());
            } else if constexpr (std::is_same_v<T, sdk::Timestamp>) {
                return boost::json::string(v.to_rfc3339());
            } else if constexpr (std::is_same_v<T, sdk::References>) {
                return boost::json::value_from(v);
            } else if constexpr (std::is_same_v<T, sdk::Strings>) {
                return boost::json::value_from(v);
            } else {
                return boost::json::parse(v.text);
            }
        },
        value);
}

namespace {

// The fields the record shows that `keep` keeps; `expected` sizes the object.
template <typename Keep>
boost::json::object shown_fields_to_json(const Record& record, std::size_t expected, Keep keep) {
    const auto& fields = record.entity->fields;
    boost::json::object object(expected);
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (record.visible(i) && keep(fields[i])) {
            object.emplace(fields[i].name, value_to_json(fields[i], record.values[i]));
        }
    }
    return object;
}

}  // namespace

boost::json::object record_to_json(const Record& record, const std::vector<std::string>& select) {
    const std::size_t fields = record.entity->fields.size();
    return shown_fields_to_json(record, select.empty() ? fields : std::min(select.size(), fields),
                                [&](const FieldDefinition& field) {
                                    return select.empty() || std::find(select.begin(), select.end(),
                                                                       field.name) != select.end();
                                });
}

boost::json::object record_to_outbound_json(const Record& record) {
    return shown_fields_to_json(record, record.entity->fields.size(),
                                [](const FieldDefinition& field) { return !field.write_only; });
}

namespace {

// The values of the body's fields that are good; what is wrong with the others in `problems`.
FieldValues good_values(const EntityDefinition& entity, const boost::json::value& body,
                        std::vector<sdk::FieldError>& problems) {
    if (!body.is_object()) {
        throw sdk::Error(sdk::ErrorCode::bad_request, "expected a JSON object of field values");
    }
    FieldValues values;
    for (const auto& [key, json] : body.as_object()) {
        const std::string name(key);
        const FieldDefinition* field = entity.field(name);
        if (!field) {
            problems.push_back({name, "unknown field of " + entity.name});
        } else if (field->readonly) {
            problems.push_back({name, "is read-only"});
        } else {
            auto parsed = value_from_json(*field, json);
            if (auto* problem = std::get_if<std::string>(&parsed)) {
                problems.push_back({name, std::move(*problem)});
            } else {
                values.emplace_back(field, std::get<sdk::Value>(std::move(parsed)));
            }
        }
    }
    return values;
}

sdk::Error invalid(const EntityDefinition& entity, std::vector<sdk::FieldError> problems) {
    return {sdk::ErrorCode::validation_failed, "invalid " + entity.name, std::move(problems)};
}

}  // namespace

FieldValues values_from_json(const EntityDefinition& entity, const boost::json::value& body) {
    std::vector<sdk::FieldError> problems;
    auto values = good_values(entity, body, problems);
    if (!problems.empty()) {
        throw invalid(entity, std::move(problems));
    }
    return values;
}

FieldValues create_values_from_json(const EntityDefinition& entity,
                                    const boost::json::value& body) {
    std::vector<sdk::FieldError> problems;
    auto values = good_values(entity, body, problems);
    if (problems.empty()) {
        return values;
    }
    apply_defaults(entity, values);
    for (auto& missing : required_problems(entity, values, true)) {
        const bool reported = std::any_of(problems.begin(), problems.end(),
                                          [&](const auto& p) { return p.field == missing.field; });
        if (!reported) {
            problems.push_back(std::move(missing));
        }
    }
    throw invalid(entity, std::move(problems));
}

}  // namespace rapport::records
