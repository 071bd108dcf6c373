#include <rapport/sdk/field_type.hpp>

#include <array>
#include <utility>

namespace rapport::sdk {
namespace {

constexpr std::array<std::pair<FieldType, std::string_view>, 17> names{{
    {FieldType::string, "string"},
    {FieldType::text, "text"},
    {FieldType::integer, "integer"},
    {FieldType::decimal, "decimal"},
    {FieldType::money, "money"},
    {FieldType::percent, "percent"},
    {FieldType::boolean, "boolean"},
    {FieldType::date, "date"},
    {FieldType::datetime, "datetime"},
    {FieldType::enumeration, "enum"},
    {FieldType::reference, "reference"},
    {FieldType::references, "references"},
    {FieldType::strings, "strings"},
    {FieldType::email, "email"},
    {FieldType::phone, "phone"},
    {FieldType::url, "url"},
    {FieldType::json, "json"},
}};

}  // namespace

std::optional<FieldType> parse_field_type(std::string_view name) noexcept {
    for (const auto& [type, text] : names) {
        if (text == name) {
            return type;
        }
    }
    return std::nullopt;
}

std::string_view field_type_name(FieldType type) noexcept {
    for (const auto& [candidate, text] : names) {
        if (candidate == type) {
            return text;
        }
    }
    return "string";
}

}  // namespace rapport::sdk
