#include "records/csv_formula.hpp"

#include "records/number_syntax.hpp"

namespace rapport::records {
namespace {

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
            // A spreadsheet reads "-12.50" as a value, and an apostrophe would make it text.
            return !is_decimal_number(field);
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
