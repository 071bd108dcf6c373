#include "records/field_text.hpp"

#include "records/query_test_entity.hpp"

#include <gtest/gtest.h>

namespace rapport::records {
namespace {

using sdk::FieldType;
using test_entities::make_field;

sdk::Value parsed(const FieldDefinition& field, std::string_view text) {
    auto result = parse_field_text(field, text);
    if (const auto* problem = std::get_if<std::string>(&result)) {
        ADD_FAILURE() << "'" << text << "' was rejected: " << *problem;
        return {};
    }
    return std::get<sdk::Value>(result);
}

std::string problem(const FieldDefinition& field, std::string_view text) {
    auto result = parse_field_text(field, text);
    if (const auto* message = std::get_if<std::string>(&result)) {
        return *message;
    }
    ADD_FAILURE() << "'" << text << "' was accepted";
    return {};
}

FieldDefinition bounded(FieldDefinition field, sdk::Decimal min, sdk::Decimal max) {
    field.min = min;
    field.max = max;
    return field;
}

TEST(ParseFieldText, EmptyTextIsNullForEveryType) {
    for (const auto type : {FieldType::integer, FieldType::money, FieldType::date,
                            FieldType::enumeration, FieldType::json, FieldType::references}) {
        EXPECT_TRUE(sdk::is_null(parsed(make_field("f", type), "")));
    }
}

TEST(ParseFieldText, IntegerAcceptsSignedDigits) {
    EXPECT_EQ(parsed(make_field("n", FieldType::integer), "-42"), sdk::Value{std::int64_t{-42}});
}

TEST(ParseFieldText, IntegerRejectsSpacesFractionsAndPlusSigns) {
    const auto field = make_field("n", FieldType::integer);
    for (const auto* text : {" 42", "42 ", "4.2", "+4", "0x10", "4e2"}) {
        EXPECT_EQ(problem(field, text), "expected an integer") << text;
    }
}

TEST(ParseFieldText, IntegerOutsideSixtyFourBitsIsRejected) {
    EXPECT_EQ(problem(make_field("n", FieldType::integer), "9223372036854775808"),
              "expected an integer");
}

TEST(ParseFieldText, IntegerAboveMaxIsRejected) {
    const auto field =
        bounded(make_field("n", FieldType::integer), sdk::Decimal{1, 0}, sdk::Decimal{10, 0});
    EXPECT_EQ(problem(field, "11"), "expected at most 10");
    EXPECT_EQ(problem(field, "0"), "expected at least 1");
}

TEST(ParseFieldText, ReferenceIsPositiveId) {
    const auto field = make_field("account_id", FieldType::reference);
    EXPECT_EQ(parsed(field, "17"), sdk::Value{std::int64_t{17}});
    EXPECT_EQ(problem(field, "0"), "expected a record id (a positive integer)");
    EXPECT_EQ(problem(field, "abc"), "expected a record id (a positive integer)");
}

TEST(ParseFieldText, ReferencesAreCommaSeparatedIds) {
    const auto field = make_field("contact_ids", FieldType::references);
    const sdk::References ids{3, 1, 2};
    EXPECT_EQ(parsed(field, "3,1,2"), sdk::Value{ids});
    EXPECT_EQ(parsed(field, "3,1,3,2,1"), sdk::Value{ids});  // each once, at its first place
}

TEST(ParseFieldText, ReferencesRejectSpacesAndEmptyItems) {
    const auto field = make_field("contact_ids", FieldType::references);
    EXPECT_EQ(problem(field, "1, 2"),
              "expected record ids (positive integers) separated by commas");
    EXPECT_EQ(problem(field, "1,,2"),
              "expected record ids (positive integers) separated by commas");
}

TEST(ParseFieldText, MoneyIsExactAtScaleTwo) {
    const auto field = make_field("amount", FieldType::money);
    EXPECT_EQ(parsed(field, "450000000.00"), sdk::Value{sdk::Decimal(45000000000, 2)});
    // 18 significant digits: a double would round this.
    const sdk::Decimal largest{999999999999999999, 2};
    EXPECT_EQ(parsed(field, "9999999999999999.99"), sdk::Value{largest});
}

TEST(ParseFieldText, MoneyRejectsMoreThanTwoDecimals) {
    EXPECT_EQ(problem(make_field("amount", FieldType::money), "12.345"),
              "expected a number with at most 2 decimals");
}

TEST(ParseFieldText, MoneyRejectsGroupingAndCommas) {
    const auto field = make_field("amount", FieldType::money);
    EXPECT_EQ(problem(field, "12,50"), "expected a number with at most 2 decimals");
    EXPECT_EQ(problem(field, "1 000"), "expected a number with at most 2 decimals");
}

TEST(ParseFieldText, DecimalUsesTheFieldScale) {
    auto field = make_field("rate", FieldType::decimal);
    field.scale = 4;
    EXPECT_EQ(parsed(field, "0.1234"), sdk::Value{sdk::Decimal(1234, 4)});
    EXPECT_EQ(problem(field, "0.12345"), "expected a number with at most 4 decimals");
}

TEST(ParseFieldText, PercentOutsideMinMaxIsRejected) {
    const auto field = *test_entities::opportunity().field("probability");
    EXPECT_EQ(parsed(field, "12.5"), sdk::Value{sdk::Decimal(1250, 2)});
    EXPECT_EQ(problem(field, "100.5"), "expected at most 100.00");
    EXPECT_EQ(problem(field, "-1"), "expected at least 0.00");
}

TEST(ParseFieldText, BooleanIsTrueFalseOneOrZero) {
    const auto field = make_field("active", FieldType::boolean);
    EXPECT_EQ(parsed(field, "true"), sdk::Value{true});
    EXPECT_EQ(parsed(field, "1"), sdk::Value{true});
    EXPECT_EQ(parsed(field, "false"), sdk::Value{false});
    EXPECT_EQ(parsed(field, "0"), sdk::Value{false});
}

TEST(ParseFieldText, BooleanRejectsOtherWords) {
    const auto field = make_field("active", FieldType::boolean);
    EXPECT_EQ(problem(field, "yes"), "expected true or false");
    EXPECT_EQ(problem(field, "TRUE"), "expected true or false");
}

TEST(ParseFieldText, DateIsIsoCalendarDate) {
    const auto field = make_field("day", FieldType::date);
    EXPECT_EQ(parsed(field, "2026-02-28"), sdk::Value{*sdk::Date::parse("2026-02-28")});
    EXPECT_EQ(problem(field, "2026-02-30"), "expected a date YYYY-MM-DD");
    EXPECT_EQ(problem(field, "28/02/2026"), "expected a date YYYY-MM-DD");
}

TEST(ParseFieldText, DatetimeWithOffsetIsNormalisedToUtc) {
    EXPECT_EQ(parsed(make_field("at", FieldType::datetime), "2026-11-22T09:41:06+07:00"),
              sdk::Value{*sdk::Timestamp::parse("2026-11-22T02:41:06Z")});
}

TEST(ParseFieldText, DatetimeRejectsBareDateAndYearsPast9999) {
    const auto field = make_field("at", FieldType::datetime);
    const std::string expected =
        "expected a date-time in RFC 3339 such as 2026-11-22T09:41:06Z, in the years 0001 to "
        "9999 (UTC)";
    EXPECT_EQ(problem(field, "2026-11-22"), expected);
    // Year 9999 locally, 10000 in UTC: no canonical text holds it.
    EXPECT_EQ(problem(field, "9999-12-31T23:59:59-01:00"), expected);
}

TEST(ParseFieldText, EnumAcceptsDeclaredValuesOnly) {
    const auto field = *test_entities::opportunity().field("stage");
    EXPECT_EQ(parsed(field, "won"), sdk::Value{std::string("won")});
    EXPECT_EQ(problem(field, "WON"), "expected one of new, won, lost");
}

TEST(ParseFieldText, StringIsKeptAsGiven) {
    EXPECT_EQ(parsed(make_field("name", FieldType::string), " x';DROP TABLE account;-- "),
              sdk::Value{std::string(" x';DROP TABLE account;-- ")});
}

TEST(ParseFieldText, StringLongerThanMaxLengthIsRejected) {
    auto field = make_field("code", FieldType::string);
    field.max = sdk::Decimal{5, 0};
    EXPECT_EQ(problem(field, "abcdef"), "expected at most 5 characters");
}

TEST(ParseFieldText, StringLengthCountsCharactersNotBytes) {
    auto field = make_field("code", FieldType::string);
    field.max = sdk::Decimal{5, 0};
    EXPECT_EQ(parsed(field, "ééééé"), sdk::Value{std::string("ééééé")});
}

TEST(ParseFieldText, StringShorterThanMinIsRejected) {
    auto field = make_field("code", FieldType::string);
    field.min = sdk::Decimal{3, 0};
    EXPECT_EQ(problem(field, "ab"), "expected at least 3 characters");
}

TEST(ParseFieldText, StringDefaultsToTwoHundredFiftyFiveCharacters) {
    const auto field = make_field("name", FieldType::string);
    EXPECT_EQ(parsed(field, std::string(255, 'a')), sdk::Value{std::string(255, 'a')});
    EXPECT_EQ(problem(field, std::string(256, 'a')), "expected at most 255 characters");
}

TEST(ParseFieldText, EmailNeedsOneAtAndNoSpaces) {
    const auto field = make_field("email", FieldType::email);
    EXPECT_EQ(parsed(field, "ana@example.com"), sdk::Value{std::string("ana@example.com")});
    for (const auto* text : {"ana", "a@b@c", "@example.com", "ana@", "ana @example.com"}) {
        EXPECT_EQ(problem(field, text), "expected an email address such as name@example.com")
            << text;
    }
}

TEST(ParseFieldText, UrlNeedsHttpOrHttps) {
    const auto field = make_field("website", FieldType::url);
    EXPECT_EQ(parsed(field, "https://example.com/a"),
              sdk::Value{std::string("https://example.com/a")});
    // Schemes are case-insensitive (RFC 3986 §3.1); the URL is kept as given.
    EXPECT_EQ(parsed(field, "HTTP://Example.com/A"),
              sdk::Value{std::string("HTTP://Example.com/A")});
    for (const auto* text :
         {"ftp://example.com", "http://", "javascript:alert(1)", "example.com"}) {
        EXPECT_EQ(problem(field, text), "expected a URL starting with http:// or https://") << text;
    }
}

TEST(ParseFieldText, PhoneIsKeptAsGiven) {
    EXPECT_EQ(parsed(make_field("phone", FieldType::phone), "+62 21 555-0100"),
              sdk::Value{std::string("+62 21 555-0100")});
}

TEST(ParseFieldText, StringsSplitOnCommasWithoutTrimming) {
    const sdk::Strings tags{"vip", "b2b", " late"};
    EXPECT_EQ(parsed(make_field("tags", FieldType::strings), "vip,b2b, late"), sdk::Value{tags});
}

TEST(ParseFieldText, StringsItemLongerThanMaxLengthIsRejected) {
    auto field = make_field("tags", FieldType::strings);
    field.max = sdk::Decimal{3, 0};
    EXPECT_EQ(problem(field, "vip,long"), "expected at most 3 characters in each item");
}

TEST(ParseFieldText, JsonIsKeptAsItsText) {
    EXPECT_EQ(parsed(make_field("details", FieldType::json), R"({"a": [1, 2.5]})"),
              sdk::Value{sdk::Json{R"({"a": [1, 2.5]})"}});
}

TEST(ParseFieldText, InvalidJsonIsRejected) {
    EXPECT_EQ(problem(make_field("details", FieldType::json), R"({"a": 1e400})"),
              "the number 1e400 is beyond a JSON number's range");
    EXPECT_EQ(problem(make_field("details", FieldType::json), "{a: 1}"),
              "expected a JSON document");
}

TEST(ParseFieldText, JsonLongerThanMaxLengthIsRejected) {
    auto field = make_field("details", FieldType::json);
    field.max = sdk::Decimal{8, 0};
    EXPECT_EQ(problem(field, R"({"a": [1, 2]})"), "expected at most 8 characters");
}

TEST(CheckRange, ComparesDecimalsAtDifferentScales) {
    const auto field = *test_entities::opportunity().field("probability");
    EXPECT_EQ(check_range(field, sdk::Decimal{1005, 1}), "expected at most 100.00");
    EXPECT_EQ(check_range(field, sdk::Decimal{100, 0}), std::nullopt);
}

TEST(CheckRange, ChecksIntegersAgainstDecimalBounds) {
    const auto field =
        bounded(make_field("seats", FieldType::integer), sdk::Decimal{1, 0}, sdk::Decimal{10, 0});
    EXPECT_EQ(check_range(field, std::int64_t{0}), "expected at least 1");
    EXPECT_EQ(check_range(field, std::int64_t{10}), std::nullopt);
}

TEST(CheckRange, NullAlwaysFits) {
    const auto field = *test_entities::opportunity().field("probability");
    EXPECT_EQ(check_range(field, sdk::Value{}), std::nullopt);
}

}  // namespace
}  // namespace rapport::records
