#include "records/aggregate_query_parser.hpp"

#include "records/query_test_entity.hpp"

#include <rapport/sdk/error.hpp>

#include <gtest/gtest.h>

namespace rapport::records {
namespace {

AggregateQuery parse(const QueryParams& params) {
    return parse_aggregate_query(test_entities::opportunity(), params);
}

std::vector<sdk::FieldError> problems(const QueryParams& params) {
    return test_entities::problems_of(parse, params);
}

sdk::FieldError problem(const QueryParams& params) {
    return test_entities::only_problem_of(parse, params);
}

TEST(ParseAggregateQuery, NoParametersCount) {
    const auto query = parse({});
    EXPECT_TRUE(query.count);
    EXPECT_TRUE(query.group_by.empty());
    EXPECT_TRUE(query.measures.empty());
}

TEST(ParseAggregateQuery, GroupByTakesFieldsAndDateBuckets) {
    const auto group_by = parse({{"group_by", "stage,expected_close_date:month"}}).group_by;
    ASSERT_EQ(group_by.size(), 2U);
    EXPECT_EQ(group_by[0].field, "stage");
    EXPECT_EQ(group_by[0].bucket, DateBucket::none);
    EXPECT_EQ(group_by[1].field, "expected_close_date");
    EXPECT_EQ(group_by[1].bucket, DateBucket::month);
}

TEST(ParseAggregateQuery, DatetimeTakesEveryBucket) {
    const auto group_by =
        parse({{"group_by", "created_at:day,created_at:week,created_at:year"}}).group_by;
    ASSERT_EQ(group_by.size(), 3U);
    EXPECT_EQ(group_by[0].bucket, DateBucket::day);
    EXPECT_EQ(group_by[1].bucket, DateBucket::week);
    EXPECT_EQ(group_by[2].bucket, DateBucket::year);
}

TEST(ParseAggregateQuery, BucketOnNonDateFieldIsRejected) {
    EXPECT_EQ(problem({{"group_by", "stage:month"}}),
              (sdk::FieldError{"group_by",
                               "only date and datetime fields take a bucket such as :month; "
                               "'stage' is of type enum"}));
}

TEST(ParseAggregateQuery, UnknownBucketIsRejected) {
    EXPECT_EQ(problem({{"group_by", "created_at:hour"}}).message,
              "unknown date bucket 'hour'; use day, week, month or year");
}

TEST(ParseAggregateQuery, GroupByListFieldIsRejected) {
    EXPECT_EQ(problem({{"group_by", "tags"}}).message,
              "cannot group by lists, JSON or long text; 'tags' is of type strings");
}

TEST(ParseAggregateQuery, GroupByUnknownFieldIsRejected) {
    EXPECT_EQ(problem({{"group_by", "colour"}}),
              (sdk::FieldError{"group_by", "unknown field 'colour' of entity opportunity"}));
}

TEST(ParseAggregateQuery, SumAndAvgOfNumbers) {
    const auto measures =
        parse({{"sum", "expected_revenue,probability"}, {"avg", "probability"}}).measures;
    ASSERT_EQ(measures.size(), 3U);
    EXPECT_EQ(measures[0].function, Aggregate::sum);
    EXPECT_EQ(measures[0].field, "expected_revenue");
    EXPECT_EQ(measures[1].function, Aggregate::sum);
    EXPECT_EQ(measures[1].field, "probability");
    EXPECT_EQ(measures[2].function, Aggregate::avg);
    EXPECT_EQ(measures[2].field, "probability");
}

TEST(ParseAggregateQuery, SumOfDateIsRejected) {
    EXPECT_EQ(problem({{"sum", "expected_close_date"}}),
              (sdk::FieldError{"sum",
                               "sum applies to integer, decimal, money and percent fields; "
                               "'expected_close_date' is of type date"}));
}

TEST(ParseAggregateQuery, MinAndMaxOfDates) {
    const auto measures =
        parse({{"min", "expected_close_date"}, {"max", "created_at,expected_revenue"}}).measures;
    ASSERT_EQ(measures.size(), 3U);
    EXPECT_EQ(measures[0].function, Aggregate::min);
    EXPECT_EQ(measures[1].function, Aggregate::max);
    EXPECT_EQ(measures[2].field, "expected_revenue");
}

TEST(ParseAggregateQuery, MaxOfTextIsRejected) {
    EXPECT_EQ(problem({{"max", "name"}}).message,
              "max applies to integer, decimal, money, percent, date and datetime fields; "
              "'name' is of type string");
}

TEST(ParseAggregateQuery, MeasuresWithoutCountDoNotCount) {
    EXPECT_FALSE(parse({{"sum", "expected_revenue"}}).count);
}

TEST(ParseAggregateQuery, CountTrueCountsBesideMeasures) {
    EXPECT_TRUE(parse({{"count", "true"}, {"sum", "expected_revenue"}}).count);
}

TEST(ParseAggregateQuery, CountFalseWithoutMeasuresStillCounts) {
    EXPECT_TRUE(parse({{"group_by", "stage"}, {"count", "false"}}).count);
}

TEST(ParseAggregateQuery, CountWithOtherValueIsRejected) {
    EXPECT_EQ(problem({{"count", "yes"}}),
              (sdk::FieldError{"count", "expected count=true or count=false"}));
}

TEST(ParseAggregateQuery, MeasureGivenTwiceIsRejected) {
    EXPECT_EQ(problem({{"sum", "expected_revenue"}, {"sum", "probability"}}),
              (sdk::FieldError{"sum", "'sum' may be given once"}));
}

TEST(ParseAggregateQuery, FiltersAreReadAsInLists) {
    const auto conditions =
        parse({{"group_by", "stage"}, {"stage", "not.in.(lost)"}, {"active", "is.true"}})
            .conditions;
    ASSERT_EQ(conditions.size(), 2U);
    EXPECT_EQ(conditions[0].op, Operator::in);
    EXPECT_TRUE(conditions[0].negated);
    EXPECT_EQ(conditions[1].op, Operator::is_true);
}

TEST(ParseAggregateQuery, ListParametersAreUnknownFields) {
    EXPECT_EQ(problem({{"limit", "10"}}),
              (sdk::FieldError{"limit", "unknown field 'limit' of entity opportunity"}));
}

TEST(ParseAggregateQuery, AllProblemsAreReportedAtOnce) {
    const auto found = problems(
        {{"group_by", "colour"}, {"sum", "name"}, {"stage", "eq.open"}, {"count", "maybe"}});
    std::vector<std::string> fields;
    for (const auto& error : found) {
        fields.push_back(error.field);
    }
    EXPECT_EQ(fields, (std::vector<std::string>{"group_by", "sum", "stage", "count"}));
}

TEST(ParseAggregateQuery, CodesQueryIsReadLikeTheQueryString) {
    const sdk::AggregateQuery asked{
        .group_by = {{"stage"}, {"expected_close_date", DateBucket::month}},
        .measures = {{Aggregate::sum, "expected_revenue"}},
        .filters = {{"stage", "not.in.(lost)"}}};
    const auto query = parse_aggregate_query(test_entities::opportunity(), asked);
    ASSERT_EQ(query.group_by.size(), 2U);
    EXPECT_EQ(query.group_by[1].bucket, DateBucket::month);
    EXPECT_FALSE(query.count);
    ASSERT_EQ(query.measures.size(), 1U);
    ASSERT_EQ(query.conditions.size(), 1U);
    EXPECT_TRUE(query.conditions[0].negated);
}

TEST(ParseAggregateQuery, CodesQueryProblemsAreNamedAsInTheQueryString) {
    const sdk::AggregateQuery asked{.group_by = {{"stage", DateBucket::week}},
                                    .measures = {{Aggregate::avg, "name"}},
                                    .filters = {{"count", "eq.1"}}};
    const auto found = test_entities::problems_of(
        [&asked](const QueryParams&) {
            return parse_aggregate_query(test_entities::opportunity(), asked);
        },
        {});
    std::vector<std::string> fields;
    for (const auto& error : found) {
        fields.push_back(error.field);
    }
    EXPECT_EQ(fields, (std::vector<std::string>{"group_by", "avg", "count"}));
}

}  // namespace
}  // namespace rapport::records
