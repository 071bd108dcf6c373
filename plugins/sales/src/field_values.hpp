// Typed reads of record fields and event changes, and the calendar the plugin dates documents
// with (UTC days).
#pragma once

#include <rapport/sdk/date.hpp>
#include <rapport/sdk/decimal.hpp>
#include <rapport/sdk/event.hpp>
#include <rapport/sdk/record.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rapport::sales {

std::optional<std::int64_t> id_of(const sdk::Record& record, std::string_view field);
std::optional<sdk::Decimal> decimal_of(const sdk::Record& record, std::string_view field);
// Null reads as zero at `scale`.
sdk::Decimal decimal_or_zero(const sdk::Record& record, std::string_view field, int scale = 2);
std::optional<sdk::Date> date_of(const sdk::Record& record, std::string_view field);
// The text of a string-like field; "" when it is empty.
std::string text_of(const sdk::Record& record, std::string_view field);
bool flag_of(const sdk::Record& record, std::string_view field, bool when_null);

// Whether the change wrote `field` to a new value (a created record: gave it a value).
bool changed(const sdk::Event& event, std::string_view field);

// Today in UTC, the day the server dates quotations and invoices.
sdk::Date today();
sdk::Date days_after(sdk::Date date, int days);
// "2026-11" for the month of `date`.
std::string month_of(sdk::Date date);
int year_of(sdk::Date date);

// A document number: prefix, then `number` with at least five digits ("SO", 42 → "SO00042").
std::string document_number(std::string_view prefix, std::int64_t number);

}  // namespace rapport::sales
