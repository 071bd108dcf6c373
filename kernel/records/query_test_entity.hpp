// Test support for the query parsers: the "opportunity" entity their tests read queries of,
// a one-line way to declare a field, and the problems a parser reports.
#pragma once

#include "records/entity_definition.hpp"
#include "records/filter_parser.hpp"

#include <rapport/sdk/decimal.hpp>
#include <rapport/sdk/error.hpp>
#include <rapport/sdk/field_type.hpp>

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace rapport::records::test_entities {

inline FieldDefinition make_field(std::string name, sdk::FieldType type) {
    FieldDefinition field;
    field.label = name;
    field.name = std::move(name);
    field.type = type;
    return field;
}

inline EntityDefinition opportunity() {
    using sdk::FieldType;
    auto name = make_field("name", FieldType::string);
    name.required = true;
    auto stage = make_field("stage", FieldType::enumeration);
    stage.values = {"new", "won", "lost"};
    auto probability = make_field("probability", FieldType::percent);
    probability.min = sdk::Decimal{0, 2};
    probability.max = sdk::Decimal{10000, 2};
    auto account = make_field("account_id", FieldType::reference);
    account.target = "account";

    EntityDefinition entity;
    entity.name = "opportunity";
    entity.label = "Opportunity";
    entity.owner = "test";
    entity.fields = {make_field("id", FieldType::integer),
                     std::move(name),
                     std::move(stage),
                     make_field("expected_revenue", FieldType::money),
                     std::move(probability),
                     make_field("expected_close_date", FieldType::date),
                     make_field("created_at", FieldType::datetime),
                     std::move(account),
                     make_field("active", FieldType::boolean),
                     make_field("tags", FieldType::strings),
                     make_field("notes", FieldType::text),
                     make_field("details", FieldType::json)};
    return entity;
}

// What `parse` reports for `params`; a test failure when it accepts them.
template <typename Parse>
std::vector<sdk::FieldError> problems_of(Parse parse, const QueryParams& params) {
    try {
        parse(params);
    } catch (const sdk::Error& error) {
        EXPECT_EQ(error.code(), sdk::ErrorCode::bad_request);
        EXPECT_STREQ(error.what(), "invalid query");
        return error.details();
    }
    ADD_FAILURE() << "the query was accepted";
    return {};
}

// The one problem `parse` reports for `params`.
template <typename Parse>
sdk::FieldError only_problem_of(Parse parse, const QueryParams& params) {
    const auto found = problems_of(parse, params);
    EXPECT_EQ(found.size(), 1U);
    return found.empty() ? sdk::FieldError{} : found.front();
}

}  // namespace rapport::records::test_entities
