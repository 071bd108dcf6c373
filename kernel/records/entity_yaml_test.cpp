#include "records/entity_yaml.hpp"

#include "records/definition_error.hpp"
#include "records/schema.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace rapport::records {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<std::string> problems_of(std::string_view yaml) {
    try {
        parse_entities_yaml(yaml, "sales", "plugin.yaml");
    } catch (const DefinitionError& error) {
        return error.problems();
    }
    return {};
}

TEST(EntityYaml, ReadsFieldsWithTypesAndOptions) {
    const auto entities = parse_entities_yaml(R"(
opportunity:
  label: Opportunity
  fields:
    name: {type: string, required: true, max: 200, search: true}
    stage: {type: enum, values: [new, won, lost], default: new}
    probability: {type: percent, min: 0, max: 100}
    expected_revenue: {type: money}
    account_id: {type: reference, to: account, on_delete: cascade}
)",
                                              "sales", "plugin.yaml");
    ASSERT_EQ(entities.size(), 1u);
    const auto& opportunity = entities[0];
    EXPECT_EQ(opportunity.owner, "sales");
    EXPECT_EQ(opportunity.fields.front().name, "id");
    const auto* name = opportunity.field("name");
    ASSERT_NE(name, nullptr);
    EXPECT_TRUE(name->required);
    EXPECT_EQ(name->max_length(), 200u);
    EXPECT_EQ(opportunity.field("stage")->default_value, sdk::Value{std::string("new")});
    EXPECT_EQ(opportunity.field("probability")->max->to_string(), "100.00");
    EXPECT_EQ(opportunity.field("account_id")->on_delete, OnDelete::cascade);
}

TEST(EntityYaml, ReportsEveryProblemWithItsLine) {
    EXPECT_THAT(problems_of(R"(lead:
  fields:
    title: {type: strng}
    status: {type: enum}
    id: {type: integer}
    owner: {type: reference}
    flag: {type: boolean, colour: red}
    kind: {type: enum, values: [a, b], default: c}
)"),
                ElementsAre("plugin.yaml:3: lead.title: unknown type 'strng'",
                            "plugin.yaml:4: lead.status: an enum needs a non-empty list of values",
                            "plugin.yaml:5: lead.id: is a system field every entity has",
                            "plugin.yaml:6: lead.owner: a reference needs `to: <entity>`",
                            "plugin.yaml:7: lead.flag: unknown option 'colour'",
                            HasSubstr("plugin.yaml:8: lead.kind: default: expected one of a, b")));
}

TEST(EntityYaml, ComputedFieldsHaveNoColumnAndAreReadOnly) {
    const auto entities = parse_entities_yaml(R"(
order:
  fields:
    total: {type: money, computed: true}
)",
                                              "test", "test");
    const auto& total = *entities.at(0).field("total");

    EXPECT_TRUE(total.computed);
    EXPECT_TRUE(total.readonly);
    EXPECT_FALSE(total.has_column());
    EXPECT_THAT(problems_of("order:\n  fields:\n    total: {type: money, computed: true, "
                            "required: true}\n"),
                ElementsAre(HasSubstr("a computed field has no column")));
}

TEST(EntityYaml, CompositeIndexesNameFieldsWithColumns) {
    const auto entities = parse_entities_yaml(R"(
account:
  indexes: [[country, name]]
  fields:
    name:    {type: string}
    country: {type: string}
)",
                                              "test", "test");
    EXPECT_EQ(entities.at(0).indexes, (std::vector<std::vector<std::string>>{{"country", "name"}}));

    EXPECT_THAT(
        problems_of("account:\n  indexes: [[country, nickname], [name]]\n  fields:\n"
                    "    name: {type: string}\n    country: {type: string}\n"),
        ElementsAre(HasSubstr("'nickname' is not a field"), HasSubstr("at least two fields")));
}

TEST(EntityYaml, OwnerFieldNamesAReferenceToUser) {
    const auto entities = parse_entities_yaml(R"(
deal:
  owner_field: assignee_id
  fields:
    assignee_id: {type: reference, to: user}
)",
                                              "test", "test");
    EXPECT_EQ(entities.at(0).owner_field, "assignee_id");

    EXPECT_THAT(problems_of("deal:\n  owner_field: account_id\n  fields:\n"
                            "    account_id: {type: reference, to: account}\n"
                            "other:\n  owner_field: [a, b]\n  fields: {}\n"
                            "third:\n  owner_field: created_by\n  fields: {}\n"),
                ElementsAre("plugin.yaml:2: entity deal: owner_field must name one of its fields "
                            "that is a reference to user",
                            HasSubstr("plugin.yaml:6: entity other: owner_field"),
                            HasSubstr("plugin.yaml:9: entity third: owner_field")));
}

TEST(EntityYaml, ReadsAFieldMappingWithoutSystemFields) {
    const auto fields = parse_fields_yaml("days: {type: integer, default: 30, min: 1}\n",
                                          "settings", "plugin.yaml");
    ASSERT_EQ(fields.size(), 1u);
    EXPECT_EQ(fields[0].name, "days");
    EXPECT_EQ(fields[0].default_value, sdk::Value{std::int64_t{30}});

    try {
        parse_fields_yaml("days: {type: integr}\n", "settings", "plugin.yaml");
        FAIL() << "expected a DefinitionError";
    } catch (const DefinitionError& error) {
        EXPECT_THAT(error.problems(),
                    ElementsAre("plugin.yaml:1: settings.days: unknown type 'integr'"));
    }
}

TEST(EntityYaml, RefusesNamesThatAreNotIdentifiers) {
    EXPECT_THAT(problems_of("Lead Entity:\n  fields: {}\n"),
                ElementsAre(HasSubstr("lower-case identifier")));
}

TEST(Schema, RefusesReferencesToUnknownEntities) {
    auto entities =
        parse_entities_yaml("deal:\n  fields:\n    account_id: {type: reference, to: acount}\n",
                            "sales", "plugin.yaml");
    try {
        Schema schema(std::move(entities));
        FAIL() << "expected DefinitionError";
    } catch (const DefinitionError& error) {
        EXPECT_THAT(error.problems(),
                    ElementsAre("deal.account_id refers to unknown entity 'acount'"));
    }
}

TEST(Schema, BaseEntitiesAreValidAndKnowWhoRefersToThem) {
    const Schema schema(base_entities());
    ASSERT_NE(schema.find("account"), nullptr);
    EXPECT_EQ(schema.find("account")->field("type")->values.size(), 4u);
    ASSERT_EQ(schema.referrers("account").size(), 1u);
    EXPECT_EQ(schema.referrers("account")[0].entity->name, "contact");
}

}  // namespace
}  // namespace rapport::records
