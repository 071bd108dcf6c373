// Streaming RFC 4180 CSV parsing for record import: input arrives in chunks cut anywhere and
// each row comes out as soon as it is complete, with the line it started on for error reports.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace rapport::records {

// Malformed CSV. line() is the 1-based physical line on which the offending row starts.
class CsvError : public std::runtime_error {
  public:
    CsvError(std::size_t line, std::string_view problem);
    std::size_t line() const noexcept { return line_; }

  private:
    std::size_t line_;
};

// Accepts LF, CRLF and bare CR line endings, skips empty lines and a UTF-8 BOM at the very
// start. A row broken on its own line (a quote inside an unquoted field, text after a closing
// quote) is skipped up to the next line break and handed over with row_problem() saying why,
// so that the rows after it are still read. What leaves nothing to resume from (a quoted field
// never closed, a field over the size limit) throws CsvError; the reader is then left mid-row
// and must not be used again.
class CsvReader {
  public:
    struct Options {
        // Bounds memory per field, so one huge field in a hostile body is refused early.
        std::size_t max_field_bytes = std::size_t{1} << 20;
    };

    CsvReader();
    explicit CsvReader(Options options);

    // The chunk is copied; it need not outlive the call.
    void feed(std::string_view chunk);
    // No more input: a last row without a line break becomes available, and a quoted field
    // still open is an error.
    void finish();
    // Replaces `fields` with the next complete row and returns true, or returns false until
    // more input or finish() arrives. Passing the same vector every time reuses its strings.
    bool next_row(std::vector<std::string>& fields);
    // The line on which the row last returned by next_row started.
    std::size_t row_line() const noexcept { return row_line_; }
    // Why the row last returned by next_row was skipped (its fields are then meaningless), or
    // empty when it was read whole.
    const std::string& row_problem() const noexcept { return row_problem_; }

  private:
    enum class State {
        row_start,
        row_start_after_cr,  // an LF here completes a CRLF rather than being an empty line
        field_start,
        unquoted,
        quoted,
        quoted_after_cr,
        quote_in_quoted,  // a quote inside a quoted field: closing, or the first of a pair
        skipping,         // a malformed row, passed over up to its line break
    };

    bool skip_bom();
    bool parse_to_row_end();
    void start_field();
    void append_to_field(const char* begin, const char* end);
    void hand_over_row(std::vector<std::string>& fields);
    // Passes over the rest of the row's line, which `problem` makes unreadable.
    void skip_row(std::string problem);
    [[noreturn]] void fail(std::string_view problem) const;

    Options options_;
    std::string buffer_;
    std::size_t pos_ = 0;
    State state_ = State::row_start;
    bool bom_checked_ = false;
    bool finished_ = false;
    std::vector<std::string> row_;  // sized to at least field_count_; extra strings are spares
    std::size_t field_count_ = 0;
    std::size_t line_ = 1;
    std::size_t row_start_line_ = 1;
    std::size_t row_line_ = 0;
    std::string skipped_because_;  // of the row being read
    std::string row_problem_;      // of the row last handed over
};

}  // namespace rapport::records
