#include "field_values.hpp"

#include <rapport/sdk/timestamp.hpp>

#include <chrono>

namespace rapport::sales {

std::optional<std::int64_t> id_of(const sdk::Record& record, std::string_view field) {
    if (const auto* id = std::get_if<std::int64_t>(&record.get(field))) {
        return *id;
    }
    return std::nullopt;
}

std::optional<sdk::Decimal> decimal_of(const sdk::Record& record, std::string_view field) {
    if (const auto* value = std::get_if<sdk::Decimal>(&record.get(field))) {
        return *value;
    }
    return std::nullopt;
}

sdk::Decimal decimal_or_zero(const sdk::Record& record, std::string_view field, int scale) {
    return decimal_of(record, field).value_or(sdk::Decimal(0, scale));
}

std::optional<sdk::Date> date_of(const sdk::Record& record, std::string_view field) {
    if (const auto* value = std::get_if<sdk::Date>(&record.get(field))) {
        return *value;
    }
    return std::nullopt;
}

std::string text_of(const sdk::Record& record, std::string_view field) {
    if (const auto* value = std::get_if<std::string>(&record.get(field))) {
        return *value;
    }
    return {};
}

bool flag_of(const sdk::Record& record, std::string_view field, bool when_null) {
    if (const auto* value = std::get_if<bool>(&record.get(field))) {
        return *value;
    }
    return when_null;
}

bool changed(const sdk::Event& event, std::string_view field) {
    return event.changes.find(field) != event.changes.end();
}

sdk::Date today() {
    return sdk::Date(std::chrono::floor<std::chrono::days>(sdk::Timestamp::now().time_point()));
}

sdk::Date days_after(sdk::Date date, int days) {
    return sdk::Date(date.day() + std::chrono::days(days));
}

std::string month_of(sdk::Date date) {
    return date.to_string().substr(0, 7);
}

int year_of(sdk::Date date) {
    return static_cast<int>(std::chrono::year_month_day(date.day()).year());
}

std::string document_number(std::string_view prefix, std::int64_t number) {
    std::string digits = std::to_string(number);
    if (digits.size() < 5) {
        digits.insert(0, 5 - digits.size(), '0');
    }
    return std::string(prefix) + digits;
}

}  // namespace rapport::sales
