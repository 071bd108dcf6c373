#include "records/csv_writer.hpp"

#include "records/csv_formula.hpp"
#include "records/csv_reader.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace rapport::records {
namespace {

std::string row_of(const std::vector<std::string_view>& fields,
                   CsvWriter::Options options = CsvWriter::Options{}) {
    std::string out;
    CsvWriter(options).write_row(fields, out);
    return out;
}

TEST(CsvWriter, LeavesPlainFieldsUnquotedAndEndsRowsWithCrLf) {
    EXPECT_EQ(row_of({"id", "Acme Inc.", "42"}), "id,Acme Inc.,42\r\n");
}

TEST(CsvWriter, AppendsToWhatIsAlreadyInTheBuffer) {
    std::string out = "head\r\n";
    CsvWriter().write_row({"a"}, out);
    EXPECT_EQ(out, "head\r\na\r\n");
}

TEST(CsvWriter, QuotesFieldsWithCommaQuoteOrLineBreak) {
    EXPECT_EQ(row_of({"a,b", "c\nd", "e\rf"}), "\"a,b\",\"c\nd\",\"e\rf\"\r\n");
}

TEST(CsvWriter, DoublesQuotesInsideQuotedFields) {
    EXPECT_EQ(row_of({"say \"hi\"", "\""}), "\"say \"\"hi\"\"\",\"\"\"\"\r\n");
}

TEST(CsvWriter, QuotesFieldsWithLeadingOrTrailingSpace) {
    EXPECT_EQ(row_of({" a", "b ", "c d"}), "\" a\",\"b \",c d\r\n");
}

TEST(CsvWriter, WritesEmptyFieldsAsNothing) {
    EXPECT_EQ(row_of({"", "a", ""}), ",a,\r\n");
}

TEST(CsvWriter, QuotesALoneEmptyFieldSoTheRowIsNotAnEmptyLine) {
    EXPECT_EQ(row_of({""}), "\"\"\r\n");
}

TEST(CsvWriter, NeutralisesFormulaPrefixes) {
    EXPECT_EQ(row_of({"=SUM(A1)", "+cmd", "-x", "@here", "\tx"}),
              "'=SUM(A1),'+cmd,'-x,'@here,'\tx\r\n");
}

TEST(CsvWriter, QuotesANeutralisedFieldWhenItNeedsQuoting) {
    EXPECT_EQ(row_of({"\rx", "=1,2"}), "\"'\rx\",\"'=1,2\"\r\n");
}

TEST(CsvWriter, LeavesSignedNumbersUntouched) {
    EXPECT_EQ(row_of({"-12.50", "+3", "-.5", "-1e5", "-2.5E-3"}), "-12.50,+3,-.5,-1e5,-2.5E-3\r\n");
}

TEST(CsvWriter, NeutralisesSignedTextThatIsNotANumber) {
    EXPECT_EQ(row_of({"-", "-12.50abc", "+33 6 12", "-1+1", "-1e", "-."}),
              "'-,'-12.50abc,'+33 6 12,'-1+1,'-1e,'-.\r\n");
}

TEST(CsvWriter, GuardsTextThatStartsWithApostrophesBeforeAFormula) {
    EXPECT_EQ(row_of({"'=1", "''+x", "'plain", "'-5"}), "''=1,'''+x,'plain,'-5\r\n");
}

TEST(CsvFormulaGuard, AnImportTakesOffWhatAnExportPutOn) {
    for (const std::string_view value : {"=SUM(A1)", "+62 21 555", "-cmd", "@here", "\tx", "'=1",
                                         "''@x", "'plain", "'", "'-5", "-12.50", "plain", ""}) {
        const std::string guarded =
            needs_formula_guard(value) ? "'" + std::string(value) : std::string(value);
        EXPECT_EQ(without_formula_guard(guarded), value) << guarded;
    }
}

TEST(CsvWriter, KeepsFormulasWhenNeutralisingIsOff) {
    EXPECT_EQ(row_of({"=SUM(A1)", "@here"}, CsvWriter::Options{.neutralise_formulas = false}),
              "=SUM(A1),@here\r\n");
}

TEST(CsvWriter, RoundTripThroughReaderKeepsTrickyData) {
    const std::vector<std::vector<std::string_view>> rows = {
        {"id", "name", "note"},
        {"1", "Acme, Inc.", "said \"hi\"\r\nthen \"left\""},
        {""},
        {"", "", ""},
        {" padded ", "\r", "\n"},
        {"=1+1", "-12.50", "Zoë 東京"},
        {"\"", "\"\"", ","},
    };
    std::string csv;
    const CsvWriter writer(CsvWriter::Options{.neutralise_formulas = false});
    for (const auto& row : rows) {
        writer.write_row(row, csv);
    }

    CsvReader reader;
    for (const char c : csv) {
        reader.feed(std::string_view(&c, 1));
    }
    reader.finish();
    std::vector<std::vector<std::string>> read;
    std::vector<std::string> fields;
    while (reader.next_row(fields)) {
        read.push_back(fields);
    }

    ASSERT_EQ(read.size(), rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        EXPECT_EQ(read[i], std::vector<std::string>(rows[i].begin(), rows[i].end())) << "row " << i;
    }
}

}  // namespace
}  // namespace rapport::records
