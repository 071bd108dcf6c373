#include "records/csv_reader.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace rapport::records {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using Rows = std::vector<std::vector<std::string>>;

Rows drain(CsvReader& reader) {
    Rows rows;
    std::vector<std::string> fields;
    while (reader.next_row(fields)) {
        rows.push_back(fields);
    }
    return rows;
}

Rows read_all(std::string_view csv) {
    CsvReader reader;
    reader.feed(csv);
    reader.finish();
    return drain(reader);
}

Rows read_in_chunks(std::string_view csv, std::size_t chunk_size) {
    CsvReader reader;
    Rows rows;
    for (std::size_t pos = 0; pos < csv.size(); pos += chunk_size) {
        reader.feed(csv.substr(pos, chunk_size));
        for (auto& row : drain(reader)) {
            rows.push_back(std::move(row));
        }
    }
    reader.finish();
    for (auto& row : drain(reader)) {
        rows.push_back(std::move(row));
    }
    return rows;
}

CsvError error_of(std::string_view csv, CsvReader::Options options = CsvReader::Options{}) {
    CsvReader reader(options);
    reader.feed(csv);
    reader.finish();
    try {
        drain(reader);
    } catch (const CsvError& error) {
        return error;
    }
    ADD_FAILURE() << "no CsvError for: " << csv;
    return CsvError(0, "none");
}

// Covers every construct at least once, including CRLF inside and between quoted fields.
constexpr std::string_view tricky_sample =
    "\xEF\xBB\xBFname,note,amount\r\n"
    "\"Acme, Inc.\",\"said \"\"hi\"\"\r\nthen left\",-12.50\r\n"
    "\r\n"
    "plain,,\n"
    "\"\",\"a\nb\",\"\"\"\"\r"
    "last,row,\"end\"";

const Rows tricky_rows = {
    {"name", "note", "amount"}, {"Acme, Inc.", "said \"hi\"\r\nthen left", "-12.50"},
    {"plain", "", ""},          {"", "a\nb", "\""},
    {"last", "row", "end"},
};

TEST(CsvReader, ReadsRowsOfPlainFields) {
    EXPECT_EQ(read_all("a,b,c\nd,e,f\n"), (Rows{{"a", "b", "c"}, {"d", "e", "f"}}));
}

TEST(CsvReader, LastRowWithoutLineBreakWaitsForFinish) {
    CsvReader reader;
    std::vector<std::string> fields;
    reader.feed("a,b\nc,d");
    ASSERT_TRUE(reader.next_row(fields));
    EXPECT_FALSE(reader.next_row(fields));
    reader.finish();
    ASSERT_TRUE(reader.next_row(fields));
    EXPECT_THAT(fields, ElementsAre("c", "d"));
    EXPECT_FALSE(reader.next_row(fields));
}

TEST(CsvReader, QuotedFieldMayHoldCommasLineBreaksAndDoubledQuotes) {
    EXPECT_EQ(read_all("\"a,b\",\"line1\nline2\",\"say \"\"x\"\"\"\n"),
              (Rows{{"a,b", "line1\nline2", "say \"x\""}}));
}

TEST(CsvReader, AcceptsCrLfLineEndings) {
    EXPECT_EQ(read_all("a,b\r\nc,d\r\n"), (Rows{{"a", "b"}, {"c", "d"}}));
}

TEST(CsvReader, AcceptsBareCrLineEndings) {
    EXPECT_EQ(read_all("a,b\rc,d\r"), (Rows{{"a", "b"}, {"c", "d"}}));
}

TEST(CsvReader, SkipsEmptyLines) {
    EXPECT_EQ(read_all("\n\r\na\n\n\r\nb\r\n\n"), (Rows{{"a"}, {"b"}}));
}

TEST(CsvReader, KeepsEmptyFields) {
    EXPECT_EQ(read_all(",a,,\n,\n"), (Rows{{"", "a", "", ""}, {"", ""}}));
}

TEST(CsvReader, QuotedEmptyFieldIsARowNotAnEmptyLine) {
    EXPECT_EQ(read_all("\"\"\n"), (Rows{{""}}));
}

TEST(CsvReader, KeepsSpacesAroundUnquotedFields) {
    EXPECT_EQ(read_all(" a , b \n"), (Rows{{" a ", " b "}}));
}

TEST(CsvReader, RowsMayHaveDifferentWidths) {
    EXPECT_EQ(read_all("a,b,c\nd\ne,f\n"), (Rows{{"a", "b", "c"}, {"d"}, {"e", "f"}}));
}

TEST(CsvReader, SkipsUtf8BomAtStart) {
    EXPECT_EQ(read_all("\xEF\xBB\xBFid,name\n"), (Rows{{"id", "name"}}));
}

TEST(CsvReader, KeepsBomBytesAfterStart) {
    EXPECT_EQ(read_all("a\n\xEF\xBB\xBF"
                       "b\n"),
              (Rows{{"a"},
                    {"\xEF\xBB\xBF"
                     "b"}}));
}

TEST(CsvReader, BomMaySpanChunks) {
    EXPECT_EQ(read_in_chunks("\xEF\xBB\xBFid\n", 1), (Rows{{"id"}}));
}

TEST(CsvReader, InputShorterThanBomIsData) {
    EXPECT_EQ(read_all("\xEF\xBB"), (Rows{{"\xEF\xBB"}}));
}

TEST(CsvReader, QuotedFieldMaySpanChunks) {
    CsvReader reader;
    std::vector<std::string> fields;
    reader.feed("id,\"first part, ");
    EXPECT_FALSE(reader.next_row(fields));
    reader.feed("still \"\"quoted\"\"\nsecond line\"\n");
    ASSERT_TRUE(reader.next_row(fields));
    EXPECT_THAT(fields, ElementsAre("id", "first part, still \"quoted\"\nsecond line"));
}

TEST(CsvReader, CrLfMaySpanChunks) {
    CsvReader reader;
    std::vector<std::string> fields;
    reader.feed("a\r");
    ASSERT_TRUE(reader.next_row(fields));
    reader.feed("\nb\r\n");
    ASSERT_TRUE(reader.next_row(fields));
    EXPECT_THAT(fields, ElementsAre("b"));
    EXPECT_EQ(reader.row_line(), 2u);
}

TEST(CsvReader, EverySplitPointGivesTheSameRows) {
    for (std::size_t split = 0; split <= tricky_sample.size(); ++split) {
        CsvReader reader;
        Rows rows;
        reader.feed(tricky_sample.substr(0, split));
        rows = drain(reader);
        reader.feed(tricky_sample.substr(split));
        reader.finish();
        for (auto& row : drain(reader)) {
            rows.push_back(std::move(row));
        }
        EXPECT_EQ(rows, tricky_rows) << "split at byte " << split;
    }
}

TEST(CsvReader, ByteByByteFeedGivesTheSameRows) {
    EXPECT_EQ(read_in_chunks(tricky_sample, 1), tricky_rows);
}

TEST(CsvReader, RowLineIsThePhysicalLineWhereTheRowStarts) {
    CsvReader reader;
    reader.feed("a\r\n\"multi\r\nline\"\n\nb\rc\n");
    reader.finish();
    std::vector<std::size_t> lines;
    std::vector<std::string> fields;
    while (reader.next_row(fields)) {
        lines.push_back(reader.row_line());
    }
    EXPECT_THAT(lines, ElementsAre(1, 2, 5, 6));
}

// Each row the reader hands over, as "line: first field" or "line: skipped: why", with the
// input fed `chunk` bytes at a time.
std::vector<std::string> rows_of(std::string_view csv, std::size_t chunk) {
    CsvReader reader;
    std::vector<std::string> rows;
    std::vector<std::string> fields;
    const auto drain = [&] {
        while (reader.next_row(fields)) {
            rows.push_back(
                std::to_string(reader.row_line()) + ": " +
                (reader.row_problem().empty() ? fields.at(0) : "skipped: " + reader.row_problem()));
        }
    };
    for (std::size_t offset = 0; offset < csv.size(); offset += chunk) {
        reader.feed(csv.substr(offset, chunk));
        drain();
    }
    reader.finish();
    drain();
    return rows;
}

TEST(CsvReader, AQuoteInsideAnUnquotedFieldSkipsThatRowAlone) {
    for (const std::size_t chunk : {1, 64}) {
        EXPECT_THAT(rows_of("a,b\nc,d\"e\"\nf,g", chunk),
                    ElementsAre("1: a",
                                "2: skipped: quote inside unquoted field 2; a field containing "
                                "quotes must be quoted and its quotes doubled",
                                "3: f"))
            << chunk;
    }
}

TEST(CsvReader, TextAfterAClosingQuoteSkipsThatRowAlone) {
    EXPECT_THAT(rows_of("a\n\n\"b\"c,d\r\ne\n\"x\"y", 64),
                ElementsAre("1: a",
                            "3: skipped: text after the closing quote of field 1; a quote "
                            "inside a quoted field must be doubled",
                            "4: e",
                            "5: skipped: text after the closing quote of field 1; a quote "
                            "inside a quoted field must be doubled"));
}

TEST(CsvReader, UnterminatedQuotedFieldIsAnErrorOnTheLineWhereItsRowStarts) {
    const CsvError error = error_of("a\nb,\"open\nstill open\nto the end");
    EXPECT_EQ(error.line(), 2u);
    EXPECT_THAT(error.what(), HasSubstr("quoted field 2 is never closed"));
}

TEST(CsvReader, AMultilineRowSkippedIsNamedByTheLineWhereItStarts) {
    EXPECT_THAT(rows_of("\"a\nb\nc\" x\nd\n", 64),
                ElementsAre("1: skipped: text after the closing quote of field 1; a quote "
                            "inside a quoted field must be doubled",
                            "4: d"));
}

TEST(CsvReader, FieldAtTheSizeLimitIsAccepted) {
    CsvReader reader(CsvReader::Options{.max_field_bytes = 4});
    reader.feed("abcd,\"a\"\"bc\"\n");
    std::vector<std::string> fields;
    ASSERT_TRUE(reader.next_row(fields));
    EXPECT_THAT(fields, ElementsAre("abcd", "a\"bc"));
}

TEST(CsvReader, UnquotedFieldOverTheSizeLimitIsAnError) {
    const CsvError error = error_of("ok\nabcde\n", CsvReader::Options{.max_field_bytes = 4});
    EXPECT_EQ(error.line(), 2u);
    EXPECT_THAT(error.what(), HasSubstr("field 1 is longer than the limit of 4 bytes"));
}

TEST(CsvReader, QuotedFieldOverTheSizeLimitIsAnErrorEvenAcrossChunks) {
    CsvReader reader(CsvReader::Options{.max_field_bytes = 4});
    std::vector<std::string> fields;
    reader.feed("\"ab");
    EXPECT_FALSE(reader.next_row(fields));
    reader.feed("c\nde\"\n");
    EXPECT_THROW(reader.next_row(fields), CsvError);
}

TEST(CsvReader, DefaultSizeLimitIsOneMebibyte) {
    EXPECT_NO_THROW(read_all(std::string(std::size_t{1} << 20, 'x')));
    EXPECT_THROW(read_all(std::string((std::size_t{1} << 20) + 1, 'x')), CsvError);
}

}  // namespace
}  // namespace rapport::records
