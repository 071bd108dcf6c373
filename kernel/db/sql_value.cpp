#include "db/sql_value.hpp"

#include "db/database_error.hpp"

#include <charconv>

namespace rapport::db {

long long as_integer(const SqlValue& value) {
    if (const auto* integer = std::get_if<long long>(&value)) {
        return *integer;
    }
    if (const auto* text = std::get_if<std::string>(&value)) {
        long long parsed = 0;
        const auto [end, error] =
            std::from_chars(text->data(), text->data() + text->size(), parsed);
        if (error == std::errc{} && end == text->data() + text->size()) {
            return parsed;
        }
        throw DatabaseError("expected an integer, read '" + *text + "'");
    }
    throw DatabaseError("expected an integer, read NULL");
}

std::string as_text(const SqlValue& value) {
    if (const auto* text = std::get_if<std::string>(&value)) {
        return *text;
    }
    if (const auto* integer = std::get_if<long long>(&value)) {
        return std::to_string(*integer);
    }
    throw DatabaseError("expected text, read NULL");
}

}  // namespace rapport::db
