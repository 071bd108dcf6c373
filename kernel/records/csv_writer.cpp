#include "records/csv_writer.hpp"

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

}  // namespace

CsvWriter::CsvWriter() : CsvWriter(Options{}) {}

CsvWriter::CsvWriter(Options options) : options_(options) {}

void CsvWriter::write_row(const std::vector<std::string_view>& fields, std::string& out) const {
    // A lone empty field would be an empty line, which readers skip; quoting keeps the row.
    if (fields.size() == 1 && fields.front().empty()) {
        out += "\"\"\r\n";
        return;
    }
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i > 0) {
            out += ',';
        }
        write_field(fields[i], out);
    }
    out += "\r\n";
}

void CsvWriter::write_field(std::string_view field, std::string& out) const {
    const bool neutralise = options_.neutralise_formulas && starts_like_formula(field);
    // Spaces at either end are quoted because some readers trim unquoted fields.
    const bool quote = field.find_first_of(",\"\r\n") != std::string_view::npos ||
                       (!field.empty() && (field.front() == ' ' || field.back() == ' '));
    if (quote) {
        out += '"';
    }
    if (neutralise) {
        out += '\'';
    }
    for (std::size_t quote_pos = field.find('"'); quote_pos != std::string_view::npos;
         quote_pos = field.find('"')) {
        out.append(field.substr(0, quote_pos + 1));
        out += '"';
        field.remove_prefix(quote_pos + 1);
    }
    out.append(field);
    if (quote) {
        out += '"';
    }
}

}  // namespace rapport::records
