#include "plugins/manifest.hpp"

#include "records/definition_error.hpp"

#include <boost/json.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace rapport::plugins {
namespace {

using records::Operation;
using records::Scope;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr const char* sales_manifest = R"(id: sales
name: Sales
version: 1.2.0
sdk_abi: 1
description: Leads, opportunities, quotations and invoices.
license: MIT
depends:
  - {id: phone_calls, version: ">=1.0"}
  - questionnaires
entities:
  opportunity:
    label: Opportunity
    fields:
      name:             {type: string, required: true, max: 200, search: true}
      account_id:       {type: reference, to: account, on_delete: restrict}
      stage:            {type: enum, values: [new, qualified, proposition, negotiation, won, lost], default: new}
      probability:      {type: percent, min: 0, max: 100}
      expected_revenue: {type: money}
    workflow:
      field: stage
      kind: free
      transitions:
        - {name: mark_won,  from: [new, qualified, proposition, negotiation], to: won, set: {probability: 100}}
    actions: [convert_to_quotation]
  product:
    fields:
      name: {type: string, required: true}
      cost: {type: money}
views:
  opportunity:
    list:     {columns: [name, account_id, stage, expected_revenue, probability]}
    kanban:   {group_by: stage, card: [name, account_id, expected_revenue]}
menus:
  - {label: Sales, children: [{label: Opportunities, entity: opportunity, view: kanban}]}
grants:
  salesperson:
    opportunity: {create: own, read: own, update: own, delete: none}
    product: {read: all, hidden_fields: [cost]}
settings:
  quotation_validity_days: {type: integer, default: 30, min: 1}
  company_name:            {type: string, label: Company, default: My Company}
)";

std::vector<std::string> problems_of(std::string_view yaml) {
    try {
        parse_manifest(yaml, "plugin.yaml");
    } catch (const records::DefinitionError& error) {
        return error.problems();
    }
    return {};
}

TEST(Manifest, ReadsIdentityAndDependencies) {
    const auto manifest = parse_manifest(sales_manifest, "plugins/sales/plugin.yaml");

    EXPECT_EQ(manifest.id, "sales");
    EXPECT_EQ(manifest.name, "Sales");
    EXPECT_EQ(manifest.version.to_string(), "1.2.0");
    EXPECT_EQ(manifest.sdk_abi, 1);
    EXPECT_EQ(manifest.license, "MIT");
    ASSERT_EQ(manifest.depends.size(), 2u);
    EXPECT_EQ(manifest.depends[0].id, "phone_calls");
    EXPECT_EQ(manifest.depends[0].requirement.to_string(), ">=1.0");
    EXPECT_EQ(manifest.depends[1].id, "questionnaires");
    EXPECT_TRUE(manifest.depends[1].requirement.accepts_any());
    EXPECT_EQ(manifest.text, sales_manifest);
}

TEST(Manifest, ReadsEntitiesOwnedByThePlugin) {
    const auto manifest = parse_manifest(sales_manifest, "plugin.yaml");

    ASSERT_EQ(manifest.entities.size(), 2u);
    const auto& opportunity = manifest.entities[0];
    EXPECT_EQ(opportunity.name, "opportunity");
    EXPECT_EQ(opportunity.owner, "sales");
    ASSERT_NE(opportunity.field("stage"), nullptr);
    EXPECT_EQ(opportunity.field("stage")->values.size(), 6u);
    EXPECT_EQ(manifest.entities[1].name, "product");
}

TEST(Manifest, ReadsDefaultGrantsByRole) {
    const auto manifest = parse_manifest(sales_manifest, "plugin.yaml");

    const auto& salesperson = manifest.grants.at("salesperson");
    EXPECT_EQ(salesperson.at("opportunity").scope(Operation::update), Scope::own);
    EXPECT_EQ(salesperson.at("product").scope(Operation::read), Scope::all);
    EXPECT_EQ(salesperson.at("product").hidden_fields, std::vector<std::string>{"cost"});
}

TEST(Manifest, ReadsViewsAndMenusAsJson) {
    const auto manifest = parse_manifest(sales_manifest, "plugin.yaml");

    EXPECT_EQ(manifest.views.at("opportunity").at("kanban").at("group_by"), "stage");
    EXPECT_EQ(manifest.menus.at(0).at("children").at(0).at("view"), "kanban");
}

TEST(Manifest, ReadsSettingsAsTypedFieldsWithTheirDefaults) {
    const auto manifest = parse_manifest(sales_manifest, "plugin.yaml");

    ASSERT_EQ(manifest.settings.size(), 2u);
    const auto& days = manifest.settings[0];
    EXPECT_EQ(days.name, "quotation_validity_days");
    EXPECT_EQ(days.type, sdk::FieldType::integer);
    EXPECT_EQ(days.default_value, sdk::Value{std::int64_t{30}});
    EXPECT_EQ(days.min, sdk::Decimal(1, 0));
    EXPECT_EQ(manifest.settings[1].label, "Company");
    EXPECT_EQ(manifest.settings[1].default_value, sdk::Value{std::string("My Company")});
}

TEST(Manifest, RefusesSettingsThatAreNotSingleValuesAnAdminSets) {
    EXPECT_THAT(problems_of("id: a\nname: A\nversion: 1.0.0\nsdk_abi: 1\nsettings:\n"
                            "  days: {type: integr}\n"
                            "  count: {type: integer, default: many}\n"),
                ElementsAre("plugin.yaml:6: settings.days: unknown type 'integr'",
                            "plugin.yaml:7: settings.count: default: expected an integer"));
    EXPECT_THAT(problems_of("id: a\nname: A\nversion: 1.0.0\nsdk_abi: 1\nsettings:\n"
                            "  owner: {type: reference, to: user}\n"
                            "  code: {type: string, unique: true}\n"
                            "  margin: {type: percent, required: true}\n"),
                ElementsAre("plugin.yaml:6: settings.owner: a setting cannot refer to records",
                            HasSubstr("plugin.yaml:7: settings.code: unique, index, search"),
                            "plugin.yaml:8: settings.margin: a required setting needs a default"));
    EXPECT_THAT(problems_of("id: a\nname: A\nversion: 1.0.0\nsdk_abi: 1\nsettings: [days]\n"),
                ElementsAre(HasSubstr("plugin.yaml:5: settings must be a mapping")));
}

TEST(Manifest, GivesEmptyViewsMenusAndSettingsWhenAbsent) {
    const auto manifest =
        parse_manifest("id: tiny\nname: Tiny\nversion: 0.1.0\nsdk_abi: 1\n", "plugin.yaml");

    EXPECT_EQ(manifest.views, boost::json::object());
    EXPECT_EQ(manifest.menus, boost::json::array());
    EXPECT_THAT(manifest.settings, IsEmpty());
    EXPECT_THAT(manifest.depends, IsEmpty());
    EXPECT_THAT(manifest.entities, IsEmpty());
    EXPECT_THAT(manifest.grants, IsEmpty());
}

TEST(Manifest, ReportsEveryProblemAtOnceWithItsLine) {
    EXPECT_THAT(problems_of(R"(id: Sales
version: 1.0
sdk_abi: 0
colour: blue
depends:
  - {id: Sales}
  - {id: questionnaires, version: "> 1"}
  - {id: phone_calls, optional: true}
  - [nested]
entities:
  account:
    fields: {name: {type: string}}
  lead:
    fields:
      title: {type: strng}
grants:
  salesperson:
    lead: {read: most}
)"),
                ElementsAre("plugin.yaml:1: id 'Sales' must be a lower-case identifier (a-z, 0-9, "
                            "_, starting with a letter, at most 48 characters)",
                            "plugin.yaml:1: name is missing",
                            "plugin.yaml:2: version '1.0' is not a semantic version such as 1.0.0",
                            "plugin.yaml:3: sdk_abi '0' must be a positive integer",
                            HasSubstr("plugin.yaml:4: unknown key 'colour' (id, name, version"),
                            "plugin.yaml:6: depends: 'Sales' is not a plugin id",
                            HasSubstr("plugin.yaml:7: depends: questionnaires: version '> 1' is "
                                      "not a requirement"),
                            "plugin.yaml:8: depends: unknown key 'optional' (id, version)",
                            "plugin.yaml:9: depends: expected {id, version} or a plugin id",
                            "plugin.yaml:11: entity account belongs to the kernel",
                            "plugin.yaml:15: lead.title: unknown type 'strng'",
                            HasSubstr("plugin.yaml:17: salesperson: lead.read")));
}

TEST(Manifest, RefusesAPluginThatDependsOnItself) {
    EXPECT_THAT(problems_of("id: loop\nname: Loop\nversion: 1.0.0\nsdk_abi: 1\n"
                            "depends: [{id: loop, version: \">=1.0\"}]\n"),
                ElementsAre("plugin.yaml:5: loop depends on itself"));
}

TEST(Manifest, RefusesADependencyListedTwice) {
    EXPECT_THAT(problems_of("id: survey\nname: Survey\nversion: 1.0.0\nsdk_abi: 1\n"
                            "depends:\n  - questionnaires\n  - {id: questionnaires}\n"),
                ElementsAre("plugin.yaml:7: depends: questionnaires is listed twice"));
}

TEST(Manifest, RefusesDependsThatIsNotAList) {
    EXPECT_THAT(problems_of("id: survey\nname: Survey\nversion: 1.0.0\nsdk_abi: 1\n"
                            "depends: questionnaires\n"),
                ElementsAre("plugin.yaml:5: depends must be a list of {id, version}"));
}

TEST(Manifest, RefusesIdsLongerThan48Characters) {
    EXPECT_TRUE(is_valid_plugin_id(std::string(48, 'a')));
    EXPECT_FALSE(is_valid_plugin_id(std::string(49, 'a')));
    EXPECT_FALSE(is_valid_plugin_id("1sales"));
    EXPECT_FALSE(is_valid_plugin_id("_sales"));
    EXPECT_FALSE(is_valid_plugin_id("sales-crm"));
    EXPECT_TRUE(is_valid_plugin_id("customer_profiling2"));
}

TEST(Manifest, ReportsAKeyGivenTwice) {
    EXPECT_THAT(problems_of("id: a\nname: A\nversion: 1.0.0\nsdk_abi: 1\nname: B\n"),
                ElementsAre("plugin.yaml:5: name is given twice"));
}

TEST(Manifest, ReportsASyntaxErrorWithItsLine) {
    EXPECT_THAT(problems_of("id: a\nname: [unclosed\n"), ElementsAre(HasSubstr("plugin.yaml:")));
}

TEST(Manifest, RefusesADocumentThatIsNotAMapping) {
    EXPECT_THAT(
        problems_of("- id: a\n"),
        ElementsAre("plugin.yaml:1: expected a mapping with id, name, version and sdk_abi"));
    EXPECT_THAT(problems_of(""), ElementsAre(HasSubstr("expected a mapping")));
}

TEST(Manifest, ReadsAManifestWrittenAsOneFlowMapping) {
    // Blocks cannot be cut out line by line here; they are emitted again instead.
    const auto manifest = parse_manifest(
        "{id: flow, name: Flow, version: 1.0.0, sdk_abi: 2, entities: {ticket: {fields: {title: "
        "{type: string}}}}, grants: {agent: {ticket: {read: all}}}}",
        "plugin.yaml");

    ASSERT_EQ(manifest.entities.size(), 1u);
    EXPECT_EQ(manifest.entities[0].owner, "flow");
    EXPECT_EQ(manifest.grants.at("agent").at("ticket").scope(Operation::read), Scope::all);
}

TEST(Manifest, PointsAtTheBlockWhenItCannotBeCutOutLineByLine) {
    // The alias refers to an anchor outside `entities:`, so the block is emitted again and
    // its own lines mean nothing in the manifest.
    EXPECT_THAT(problems_of("text: &text {type: string}\nid: a\nname: A\nversion: 1.0.0\n"
                            "sdk_abi: 1\nentities:\n  ticket:\n    fields:\n      title: *text\n"
                            "      due: {type: dat}\n"),
                ElementsAre(HasSubstr("plugin.yaml:1: unknown key 'text'"),
                            "plugin.yaml:7: ticket.due: unknown type 'dat'"));
}

TEST(Manifest, ReadsEntitiesGivenInFlowStyleOnTheKeyLine) {
    const auto manifest = parse_manifest(
        "id: flow\nname: Flow\nversion: 1.0.0\nsdk_abi: 2\n"
        "entities: {ticket: {fields: {title: {type: string}}}}\n",
        "plugin.yaml");

    ASSERT_EQ(manifest.entities.size(), 1u);
    EXPECT_EQ(manifest.entities[0].name, "ticket");
}

TEST(Manifest, ExtendsOthersEntitiesWithComputedFieldsOnly) {
    const auto manifest = parse_manifest(
        "id: profiling\nname: P\nversion: 1.0.0\nsdk_abi: 1\nextends:\n  account:\n"
        "    fields:\n      profile: {type: string, computed: true}\n",
        "plugin.yaml");
    ASSERT_EQ(manifest.extends.size(), 1u);
    EXPECT_EQ(manifest.extends[0].entity, "account");
    EXPECT_EQ(manifest.extends[0].fields.at(0).name, "profile");

    EXPECT_THAT(problems_of("id: p\nname: P\nversion: 1.0.0\nsdk_abi: 1\nextends:\n  account:\n"
                            "    fields:\n      score: {type: integer}\n"),
                ElementsAre(HasSubstr("extends account: score must be computed")));
}

TEST(Manifest, ExtensionsNeedTheirEntityAndFreeNames) {
    std::vector<records::EntityDefinition> entities(1);
    entities[0].name = "account";
    entities[0].fields = records::system_fields();
    records::FieldDefinition profile;
    profile.name = "profile";
    profile.computed = true;
    apply_extensions(entities, {{"profiling", "account", {profile}}});
    EXPECT_NE(entities[0].field("profile"), nullptr);
    try {
        apply_extensions(entities, {{"other", "account", {profile}}, {"other", "lead", {profile}}});
        FAIL() << "expected a DefinitionError";
    } catch (const records::DefinitionError& error) {
        EXPECT_THAT(error.problems(),
                    ElementsAre("plugin other adds account.profile, which exists already",
                                "plugin other extends lead, which is not installed"));
    }
}

}  // namespace
}  // namespace rapport::plugins
