// RFC 4180 CSV output for record export: rows are appended to a caller's buffer so a response
// can be streamed, and cells a spreadsheet would run as formulas are defused by default.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace rapport::records {

class CsvWriter {
  public:
    struct Options {
        // Prefixes an apostrophe to a cell a spreadsheet would run as a formula
        // (records/csv_formula.hpp), so that opening an export cannot execute a stored one. An
        // import takes the apostrophe off again.
        bool neutralise_formulas = true;
    };

    CsvWriter();
    explicit CsvWriter(Options options);

    // Appends one row ending in CRLF, quoting only fields that need it.
    void write_row(const std::vector<std::string_view>& fields, std::string& out) const;

  private:
    void write_field(std::string_view field, std::string& out) const;

    Options options_;
};

}  // namespace rapport::records
