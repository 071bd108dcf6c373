#include "records/csv_formula.hpp"

#include <cstddef>

namespace rapport::records {
namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

std::size_t skip_digits(std::string_view text, std::size_t i) {
    while (i < text.size() && is_digit(text[i])) {
        ++i;
    }
    return i;
}

// Signed decimals such as "-12.50" or "+3e-4": a spreadsheet reads them as values, never as
// formulas, and an apostrophe would turn exported amounts into text.
bool is_plain_number(std::string_view text) {
    std::size_t i = 0;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
        ++i;
    }
    const std::size_t integer_end = skip_digits(text, i);
    std::size_t digit_count = integer_end - i;
    i = integer_end;
    if (i < text.size() && text[i] == '.') {
        const std::size_t fraction_end = skip_digits(text, i + 1);
        digit_count += fraction_end - (i + 1);
        i = fraction_end;
    }
    if (digit_count == 0) {
        return false;
    }
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
        ++i;
        if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
            ++i;
        }
        const std::size_t exponent_end = skip_digits(text, i);
        if (exponent_end == i) {
            return false;
        }
        i = exponent_end;
    }
    return i == text.size();
}

bool starts_like_formula(std::string_view field) {
    if (field.empty()) {
        return false;
    }
    switch (field.front()) {
        case '=':
        case '+':
        case '-':
        case '@':
        case '\t':
        case '\r':
            return !is_plain_number(field);
        default:
            return false;
    }
}

std::string_view after_apostrophes(std::string_view text) {
    const auto first = text.find_first_not_of('\'');
    return first == std::string_view::npos ? std::string_view{} : text.substr(first);
}

}  // namespace

bool needs_formula_guard(std::string_view value) {
    return starts_like_formula(after_apostrophes(value));
}

std::string_view without_formula_guard(std::string_view cell) {
    if (!cell.empty() && cell.front() == '\'' && needs_formula_guard(cell)) {
        cell.remove_prefix(1);
    }
    return cell;
}

}  // namespace rapport::records
