#include "records/definition_error.hpp"
#include "records/entity_yaml.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace rapport::records {
namespace {

using ::testing::ElementsAre;

constexpr std::string_view opportunity_fields = R"(
opportunity:
  fields:
    name: {type: string}
    stage: {type: enum, values: [new, proposition, won, lost], default: new}
    probability: {type: percent}
    lost_reason: {type: text}
)";

EntityDefinition opportunity_with(std::string_view workflow) {
    return parse_entities_yaml(std::string(opportunity_fields) + std::string(workflow), "sales",
                               "plugin.yaml")
        .at(0);
}

std::vector<std::string> problems_of(std::string_view workflow) {
    try {
        opportunity_with(workflow);
    } catch (const DefinitionError& error) {
        return error.problems();
    }
    return {};
}

TEST(WorkflowYaml, ReadsStatesTransitionsAndActions) {
    const auto entity = opportunity_with(R"(  workflow:
    field: stage
    kind: free
    states: [new, {name: proposition, label: Proposal}, {name: won, closed: true, folded: true}, lost]
    action_only: [won]
    transitions:
      - {name: mark_won, from: [new, proposition], to: won, set: {probability: 100}, roles: [sales_manager]}
      - {name: mark_lost, from: proposition, to: lost, params: {reason: lost_reason}, require: [lost_reason]}
  actions: [convert_to_quotation]
)");
    ASSERT_TRUE(entity.workflow);
    const Workflow& workflow = *entity.workflow;
    EXPECT_EQ(workflow.field, "stage");
    EXPECT_EQ(workflow.kind, WorkflowKind::free);
    ASSERT_EQ(workflow.states.size(), 4U);
    EXPECT_EQ(workflow.states[0].label, "New");
    EXPECT_EQ(workflow.states[1].label, "Proposal");
    EXPECT_TRUE(workflow.states[2].closed);
    EXPECT_TRUE(workflow.states[2].folded);
    EXPECT_FALSE(workflow.writable_directly("won"));
    EXPECT_TRUE(workflow.writable_directly("lost"));
    const Transition* won = workflow.transition("mark_won");
    ASSERT_NE(won, nullptr);
    EXPECT_TRUE(won->starts_from("proposition"));
    EXPECT_FALSE(won->starts_from("lost"));
    EXPECT_EQ(won->roles, std::vector<std::string>{"sales_manager"});
    ASSERT_EQ(won->set.size(), 1U);
    EXPECT_EQ(won->set[0].first, "probability");
    EXPECT_EQ(won->set[0].second, sdk::Value{sdk::Decimal::parse("100", 2).value()});
    const Transition* lost = workflow.transition("mark_lost");
    ASSERT_NE(lost, nullptr);
    EXPECT_EQ(lost->from, std::vector<std::string>{"proposition"});
    EXPECT_EQ(lost->params.at(0), (std::pair<std::string, std::string>{"reason", "lost_reason"}));
    EXPECT_EQ(entity.actions, std::vector<std::string>{"convert_to_quotation"});
}

TEST(WorkflowYaml, StatesDefaultToTheFieldsValues) {
    const auto entity = opportunity_with(R"(  workflow: {field: stage, kind: strict}
)");
    ASSERT_EQ(entity.workflow->states.size(), 4U);
    EXPECT_EQ(entity.workflow->states[3].name, "lost");
    EXPECT_FALSE(entity.workflow->writable_directly("new"));
}

TEST(WorkflowYaml, ReportsEveryProblemAtOnce) {
    EXPECT_THAT(
        problems_of(R"(  workflow:
    field: name
    kind: loose
    transitions:
      - {name: go, to: nowhere}
)"),
        ElementsAre("plugin.yaml:9: entity opportunity: workflow: 'name' is not an enum field of "
                    "opportunity",
                    "plugin.yaml:10: entity opportunity: workflow: kind is free or strict, not "
                    "'loose'",
                    "plugin.yaml:12: entity opportunity: workflow: transition go: from lists the "
                    "states it starts from",
                    "plugin.yaml:12: entity opportunity: workflow: transition go: 'nowhere' is "
                    "not a state"));
    EXPECT_THAT(
        problems_of(R"(  workflow:
    field: stage
    states: [new, won, lost, gone]
    transitions:
      - {name: win, from: [new, limbo], to: won, set: {probability: lots, stage: won, ghost: 1}, require: [id]}
      - {name: win, from: [new], to: won, when: later}
  actions: [Shout]
)"),
        ElementsAre(
            // actions are read as they come, the workflow after the fields it names
            "plugin.yaml:14: entity opportunity: actions: 'Shout' is not a lower-case identifier",
            "plugin.yaml:10: entity opportunity: workflow: state 'gone' is not a value of "
            "opportunity.stage",
            "plugin.yaml:10: entity opportunity: workflow: value 'proposition' of "
            "opportunity.stage is not among the states",
            "plugin.yaml:12: entity opportunity: workflow: transition win: 'limbo' is not a state",
            "plugin.yaml:12: entity opportunity: workflow: transition win: 'id' is not a field of "
            "opportunity a transition may write",
            "plugin.yaml:12: entity opportunity: workflow: transition win: set probability: "
            "expected a number with at most 2 decimals",
            "plugin.yaml:12: entity opportunity: workflow: transition win: the state is set by "
            "to, not by set",
            "plugin.yaml:12: entity opportunity: workflow: transition win: 'ghost' is not a field "
            "of opportunity a transition may write",
            "plugin.yaml:13: entity opportunity: workflow: unknown transition option 'when'",
            "plugin.yaml:13: entity opportunity: workflow: transition win: declared twice"));
}

}  // namespace
}  // namespace rapport::records
