#include "records/csv_reader.hpp"

#include <string>

namespace rapport::records {
namespace {

constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";

bool is_line_break(char c) {
    return c == '\n' || c == '\r';
}

bool ends_unquoted_text(char c) {
    return c == ',' || c == '"' || c == '\n' || c == '\r';
}

bool ends_quoted_text(char c) {
    return c == '"' || c == '\n' || c == '\r';
}

}  // namespace

CsvError::CsvError(std::size_t line, std::string_view problem)
    : std::runtime_error("CSV line " + std::to_string(line) + ": " + std::string(problem))
    , line_(line) {}

CsvReader::CsvReader() : CsvReader(Options{}) {}

CsvReader::CsvReader(Options options) : options_(options) {}

void CsvReader::feed(std::string_view chunk) {
    if (pos_ == buffer_.size()) {
        buffer_.clear();
    } else {
        buffer_.erase(0, pos_);
    }
    pos_ = 0;
    buffer_.append(chunk);
}

void CsvReader::finish() {
    finished_ = true;
}

bool CsvReader::next_row(std::vector<std::string>& fields) {
    if (!bom_checked_ && !skip_bom()) {
        return false;
    }
    if (parse_to_row_end()) {
        hand_over_row(fields);
        return true;
    }
    if (!finished_) {
        return false;
    }
    switch (state_) {
        case State::row_start:
        case State::row_start_after_cr:
            return false;
        case State::quoted:
        case State::quoted_after_cr:
            fail("quoted field " + std::to_string(field_count_) + " is never closed");
        case State::field_start:
        case State::unquoted:
        case State::quote_in_quoted:
        case State::skipping:
            break;
    }
    state_ = State::row_start;
    hand_over_row(fields);
    return true;
}

// Waits while the input so far could still be the start of a BOM split across chunks.
bool CsvReader::skip_bom() {
    const std::string_view available = std::string_view(buffer_).substr(pos_);
    if (available.size() < utf8_bom.size() && !finished_ && utf8_bom.starts_with(available)) {
        return false;
    }
    if (available.starts_with(utf8_bom)) {
        pos_ += utf8_bom.size();
    }
    bom_checked_ = true;
    return true;
}

// Consumes input until a row is complete (true) or the buffer is used up (false). All state
// lives in members, so a row cut by a chunk boundary resumes where it stopped, never rescanned.
bool CsvReader::parse_to_row_end() {
    const char* const data = buffer_.data();
    const char* const end = data + buffer_.size();
    const char* p = data + pos_;
    const auto end_row = [&](char line_break) {
        ++p;
        ++line_;
        state_ = line_break == '\r' ? State::row_start_after_cr : State::row_start;
        pos_ = static_cast<std::size_t>(p - data);
        return true;
    };
    while (p != end) {
        switch (state_) {
            case State::row_start_after_cr:
                state_ = State::row_start;
                if (*p == '\n') {
                    ++p;
                    break;
                }
                [[fallthrough]];
            case State::row_start:
                if (is_line_break(*p)) {  // an empty line
                    ++line_;
                    state_ = *p == '\r' ? State::row_start_after_cr : State::row_start;
                    ++p;
                    break;
                }
                row_start_line_ = line_;
                start_field();
                break;
            case State::field_start:
                if (*p == '"') {
                    ++p;
                    state_ = State::quoted;
                } else {
                    state_ = State::unquoted;
                }
                break;
            case State::unquoted: {
                const char* text_end = p;
                while (text_end != end && !ends_unquoted_text(*text_end)) {
                    ++text_end;
                }
                append_to_field(p, text_end);
                p = text_end;
                if (p == end) {
                    break;
                }
                if (*p == ',') {
                    ++p;
                    start_field();
                    break;
                }
                if (*p == '"') {
                    skip_row("quote inside unquoted field " + std::to_string(field_count_) +
                             "; a field containing quotes must be quoted and its quotes doubled");
                    break;
                }
                return end_row(*p);
            }
            case State::quoted_after_cr:
                state_ = State::quoted;
                if (*p == '\n') {
                    append_to_field(p, p + 1);
                    ++p;
                }
                break;
            case State::quoted: {
                const char* text_end = p;
                while (text_end != end && !ends_quoted_text(*text_end)) {
                    ++text_end;
                }
                if (text_end == end) {
                    append_to_field(p, end);
                    p = end;
                    break;
                }
                if (*text_end == '"') {
                    append_to_field(p, text_end);
                    p = text_end + 1;
                    state_ = State::quote_in_quoted;
                    break;
                }
                ++line_;  // the line break belongs to the field's value
                if (*text_end == '\r') {
                    state_ = State::quoted_after_cr;
                }
                append_to_field(p, text_end + 1);
                p = text_end + 1;
                break;
            }
            case State::quote_in_quoted:
                if (*p == '"') {
                    append_to_field(p, p + 1);
                    ++p;
                    state_ = State::quoted;
                    break;
                }
                if (*p == ',') {
                    ++p;
                    start_field();
                    break;
                }
                if (is_line_break(*p)) {
                    return end_row(*p);
                }
                skip_row("text after the closing quote of field " + std::to_string(field_count_) +
                         "; a quote inside a quoted field must be doubled");
                break;
            case State::skipping:
                while (p != end && !is_line_break(*p)) {
                    ++p;
                }
                if (p != end) {
                    return end_row(*p);
                }
                break;
        }
    }
    buffer_.clear();
    pos_ = 0;
    return false;
}

void CsvReader::start_field() {
    if (field_count_ < row_.size()) {
        row_[field_count_].clear();
    } else {
        row_.emplace_back();
    }
    ++field_count_;
    state_ = State::field_start;
}

void CsvReader::append_to_field(const char* begin, const char* end) {
    std::string& field = row_[field_count_ - 1];
    const auto size = static_cast<std::size_t>(end - begin);
    if (field.size() + size > options_.max_field_bytes) {
        fail("field " + std::to_string(field_count_) + " is longer than the limit of " +
             std::to_string(options_.max_field_bytes) + " bytes");
    }
    field.append(begin, size);
}

// Swaps rather than copies: the caller's previous strings become the spares for later rows.
void CsvReader::hand_over_row(std::vector<std::string>& fields) {
    row_.resize(field_count_);
    fields.swap(row_);
    field_count_ = 0;
    row_line_ = row_start_line_;
    row_problem_ = std::move(skipped_because_);
    skipped_because_.clear();
}

void CsvReader::skip_row(std::string problem) {
    skipped_because_ = std::move(problem);
    state_ = State::skipping;
}

void CsvReader::fail(std::string_view problem) const {
    throw CsvError(row_start_line_, problem);
}

}  // namespace rapport::records
