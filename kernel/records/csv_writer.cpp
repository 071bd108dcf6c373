#include "records/csv_writer.hpp"

#include "records/csv_formula.hpp"

namespace rapport::records {

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
    const bool neutralise = options_.neutralise_formulas && needs_formula_guard(field);
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
