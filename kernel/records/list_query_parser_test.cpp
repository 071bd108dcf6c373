#include "records/list_query_parser.hpp"

#include "records/query_test_entity.hpp"

#include <rapport/sdk/error.hpp>

#include <gtest/gtest.h>

namespace rapport::records {
namespace {

ListQuery parse(const QueryParams& params) {
    return parse_list_query(test_entities::opportunity(), params);
}

std::vector<sdk::FieldError> problems(const QueryParams& params) {
    return test_entities::problems_of(parse, params);
}

sdk::FieldError problem(const QueryParams& params) {
    return test_entities::only_problem_of(parse, params);
}

Condition only_condition(const QueryParams& params) {
    auto conditions = parse(params).conditions;
    EXPECT_EQ(conditions.size(), 1U);
    return conditions.empty() ? Condition{} : conditions.front();
}

sdk::Value text(std::string value) {
    return sdk::Value{std::move(value)};
}

TEST(ParseListQuery, NoParametersGiveDefaults) {
    const auto query = parse({});
    EXPECT_TRUE(query.select.empty());
    EXPECT_TRUE(query.conditions.empty());
    EXPECT_TRUE(query.order.empty());
    EXPECT_EQ(query.limit, default_limit);
    EXPECT_EQ(query.offset, 0U);
    EXPECT_TRUE(query.count_total);
}

TEST(ParseListQuery, SelectListsFields) {
    const std::vector<std::string> expected{"name", "stage"};
    EXPECT_EQ(parse({{"select", "name,stage"}}).select, expected);
}

TEST(ParseListQuery, SelectOfUnknownFieldIsRejected) {
    EXPECT_EQ(problem({{"select", "name,colour"}}),
              (sdk::FieldError{"select", "unknown field 'colour' of entity opportunity"}));
}

TEST(ParseListQuery, OrderTakesDirectionsDefaultingToAscending) {
    const auto order = parse({{"order", "expected_revenue.desc,name"}}).order;
    ASSERT_EQ(order.size(), 2U);
    EXPECT_EQ(order[0].field, "expected_revenue");
    EXPECT_TRUE(order[0].descending);
    EXPECT_EQ(order[1].field, "name");
    EXPECT_FALSE(order[1].descending);
}

TEST(ParseListQuery, OrderByListFieldIsRejected) {
    EXPECT_EQ(problem({{"order", "tags"}}),
              (sdk::FieldError{
                  "order", "cannot order by lists, JSON or long text; 'tags' is of type strings"}));
}

TEST(ParseListQuery, OrderWithUnknownDirectionIsRejected) {
    EXPECT_EQ(problem({{"order", "name.up"}}),
              (sdk::FieldError{"order",
                               "unknown direction 'up'; use asc or desc, e.g. order=name.desc"}));
}

TEST(ParseListQuery, LimitIsRead) {
    EXPECT_EQ(parse({{"limit", "20"}}).limit, 20U);
}

TEST(ParseListQuery, LimitAboveMaximumIsCapped) {
    EXPECT_EQ(parse({{"limit", "5000"}}).limit, max_limit);
}

TEST(ParseListQuery, NonNumericLimitIsRejected) {
    EXPECT_EQ(problem({{"limit", "ten"}}).field, "limit");
}

TEST(ParseListQuery, OffsetIsRead) {
    EXPECT_EQ(parse({{"offset", "100"}}).offset, 100U);
}

TEST(ParseListQuery, NegativeOffsetIsRejected) {
    EXPECT_EQ(problem({{"offset", "-1"}}),
              (sdk::FieldError{"offset", "expected a non-negative integer"}));
}

TEST(ParseListQuery, CountNoneLeavesTotalOut) {
    EXPECT_FALSE(parse({{"count", "none"}}).count_total);
}

TEST(ParseListQuery, CountExactKeepsTotal) {
    EXPECT_TRUE(parse({{"count", "exact"}}).count_total);
}

TEST(ParseListQuery, UnknownCountIsRejected) {
    EXPECT_EQ(problem({{"count", "estimated"}}),
              (sdk::FieldError{"count", "unknown count 'estimated'; use exact or none"}));
}

TEST(ParseListQuery, ReservedParameterGivenTwiceIsRejected) {
    EXPECT_EQ(problem({{"limit", "10"}, {"limit", "20"}}),
              (sdk::FieldError{"limit", "'limit' may be given once"}));
}

TEST(ParseListQuery, EqFilterGivesTypedValue) {
    const auto condition = only_condition({{"stage", "eq.won"}});
    EXPECT_EQ(condition.field, "stage");
    EXPECT_EQ(condition.op, Operator::eq);
    EXPECT_FALSE(condition.negated);
    EXPECT_EQ(condition.values, std::vector<sdk::Value>{text("won")});
}

TEST(ParseListQuery, MoneyFilterIsExact) {
    const auto condition = only_condition({{"expected_revenue", "gte.450000000.00"}});
    EXPECT_EQ(condition.op, Operator::gte);
    EXPECT_EQ(condition.values, std::vector<sdk::Value>{sdk::Decimal(45000000000, 2)});
}

TEST(ParseListQuery, DatetimeFilterIsNormalisedToUtc) {
    const auto condition = only_condition({{"created_at", "lt.2026-11-22T09:41:06+07:00"}});
    EXPECT_EQ(condition.values,
              std::vector<sdk::Value>{*sdk::Timestamp::parse("2026-11-22T02:41:06Z")});
}

TEST(ParseListQuery, RepeatedFieldGivesTwoConditions) {
    const auto conditions =
        parse({{"expected_close_date", "gte.2026-01-01"}, {"expected_close_date", "lt.2026-02-01"}})
            .conditions;
    ASSERT_EQ(conditions.size(), 2U);
    EXPECT_EQ(conditions[0].op, Operator::gte);
    EXPECT_EQ(conditions[0].values, std::vector<sdk::Value>{*sdk::Date::parse("2026-01-01")});
    EXPECT_EQ(conditions[1].op, Operator::lt);
    EXPECT_EQ(conditions[1].values, std::vector<sdk::Value>{*sdk::Date::parse("2026-02-01")});
}

TEST(ParseListQuery, InjectionLookingValueIsJustAString) {
    const auto condition = only_condition({{"name", "eq.x';DROP TABLE account;--"}});
    EXPECT_EQ(condition.values, std::vector<sdk::Value>{text("x';DROP TABLE account;--")});
}

TEST(ParseListQuery, ValueMayContainDots) {
    const auto condition = only_condition({{"name", "eq.Acme Inc."}});
    EXPECT_EQ(condition.values, std::vector<sdk::Value>{text("Acme Inc.")});
}

TEST(ParseListQuery, LikeKeepsTheStarPatternRaw) {
    const auto condition = only_condition({{"name", "ilike.*50%_off*"}});
    EXPECT_EQ(condition.op, Operator::ilike);
    EXPECT_EQ(condition.values, std::vector<sdk::Value>{text("*50%_off*")});
}

TEST(ParseListQuery, LikeOnNonTextFieldIsRejected) {
    EXPECT_EQ(problem({{"expected_revenue", "like.1*"}}),
              (sdk::FieldError{"expected_revenue",
                               "operator like applies to text fields only (string, text, email, "
                               "phone, url)"}));
}

TEST(ParseListQuery, LikePatternLongerThanTheFieldIsRejected) {
    EXPECT_EQ(problem({{"name", "like." + std::string(256, 'a')}}).message,
              "expected a pattern of at most 255 characters");
}

TEST(ParseListQuery, InListParsesEachItemForTheFieldType) {
    const auto condition = only_condition({{"account_id", "in.(3,7)"}});
    EXPECT_EQ(condition.op, Operator::in);
    EXPECT_EQ(condition.values, (std::vector<sdk::Value>{std::int64_t{3}, std::int64_t{7}}));
}

TEST(ParseListQuery, InListAcceptsQuotedItemsWithCommas) {
    const auto condition = only_condition({{"name", R"(in.("Acme, Inc.",Globex))"}});
    EXPECT_EQ(condition.values, (std::vector<sdk::Value>{text("Acme, Inc."), text("Globex")}));
}

TEST(ParseListQuery, InListQuotedItemTakesBackslashEscapes) {
    const auto condition = only_condition({{"name", R"(in.("say \"hi\"",x))"}});
    EXPECT_EQ(condition.values, (std::vector<sdk::Value>{text(R"(say "hi")"), text("x")}));
}

TEST(ParseListQuery, InListReportsEachBadItem) {
    const auto found = problems({{"account_id", "in.(1,x,0)"}});
    ASSERT_EQ(found.size(), 2U);
    EXPECT_EQ(found[0].message, "item 2 of in.(...): expected a record id (a positive integer)");
    EXPECT_EQ(found[1].message, "item 3 of in.(...): expected a record id (a positive integer)");
}

TEST(ParseListQuery, InListWithoutParenthesesIsRejected) {
    EXPECT_EQ(problem({{"stage", "in.new,won"}}).message,
              R"(expected a non-empty list such as in.(a,b); quote items with commas: "a,b")");
}

TEST(ParseListQuery, InListWithUnterminatedQuoteIsRejected) {
    EXPECT_EQ(problem({{"name", R"(in.("Acme,x))"}}).message,
              "expected a closing quote and then a comma or the end of the list");
}

TEST(ParseListQuery, NotInNegatesTheList) {
    const auto condition = only_condition({{"stage", "not.in.(lost,new)"}});
    EXPECT_EQ(condition.op, Operator::in);
    EXPECT_TRUE(condition.negated);
    EXPECT_EQ(condition.values, (std::vector<sdk::Value>{text("lost"), text("new")}));
}

TEST(ParseListQuery, NotGivenTwiceIsRejected) {
    EXPECT_EQ(problem({{"stage", "not.not.eq.won"}}).message,
              "not. may appear once, before the operator");
}

TEST(ParseListQuery, IsNullHasNoValues) {
    const auto condition = only_condition({{"account_id", "not.is.null"}});
    EXPECT_EQ(condition.op, Operator::is_null);
    EXPECT_TRUE(condition.negated);
    EXPECT_TRUE(condition.values.empty());
}

TEST(ParseListQuery, IsTrueAndIsFalseOnBooleans) {
    EXPECT_EQ(only_condition({{"active", "is.true"}}).op, Operator::is_true);
    EXPECT_EQ(only_condition({{"active", "is.false"}}).op, Operator::is_false);
}

TEST(ParseListQuery, IsTrueOnNonBooleanIsRejected) {
    EXPECT_EQ(problem({{"name", "is.true"}}),
              (sdk::FieldError{"name", "is.true applies to boolean fields only"}));
}

TEST(ParseListQuery, IsWithOtherValueIsRejected) {
    EXPECT_EQ(problem({{"active", "is.maybe"}}).message, "expected is.null, is.true or is.false");
}

TEST(ParseListQuery, ComparisonOnBooleanIsRejected) {
    EXPECT_EQ(problem({{"active", "gt.false"}}).message,
              "operator gt does not apply to boolean fields");
}

TEST(ParseListQuery, StringListsAndJsonCannotBeFiltered) {
    EXPECT_EQ(problem({{"tags", "lte.vip"}}),
              (sdk::FieldError{"tags", "fields of type strings cannot be filtered"}));
    EXPECT_EQ(problem({{"tags", "eq.vip"}}).field, "tags");
    EXPECT_EQ(problem({{"details", "is.null"}}),
              (sdk::FieldError{"details", "fields of type json cannot be filtered"}));
}

TEST(ParseListQuery, UnknownOperatorNamesTheAcceptedOnes) {
    EXPECT_EQ(problem({{"name", "contains.Acme"}}),
              (sdk::FieldError{"name",
                               "unknown operator 'contains'; use eq, neq, gt, gte, lt, lte, like, "
                               "ilike, in, is, not"}));
}

TEST(ParseListQuery, UnknownFieldNamesTheEntity) {
    EXPECT_EQ(problem({{"colour", "eq.red"}}),
              (sdk::FieldError{"colour", "unknown field 'colour' of entity opportunity"}));
}

TEST(ParseListQuery, BadValueSaysWhatIsExpected) {
    EXPECT_EQ(problem({{"expected_close_date", "eq.tomorrow"}}),
              (sdk::FieldError{"expected_close_date", "expected a date YYYY-MM-DD"}));
}

TEST(ParseListQuery, EmptyValuePointsToIsNull) {
    EXPECT_EQ(problem({{"name", "eq."}}).message,
              "expected a value (use is.null to find records without one)");
}

// A field's range and length bound what is written, not what is looked for: such a filter
// finds nothing.
TEST(ParseListQuery, ValueOutsideFieldRangeIsAFilterLikeAnyOther) {
    EXPECT_EQ(parse({{"probability", "gt.101"}}).conditions.size(), 1U);
    EXPECT_EQ(problem({{"probability", "gt.many"}}).message,
              "expected a number with at most 2 decimals");
}

TEST(ParseListQuery, AllProblemsAreReportedAtOnce) {
    const auto found = problems({{"colour", "eq.red"},
                                 {"limit", "ten"},
                                 {"stage", "eq.open"},
                                 {"order", "tags"},
                                 {"name", "eq.fine"}});
    std::vector<std::string> fields;
    for (const auto& error : found) {
        fields.push_back(error.field);
    }
    EXPECT_EQ(fields, (std::vector<std::string>{"colour", "limit", "stage", "order"}));
}

}  // namespace
}  // namespace rapport::records
