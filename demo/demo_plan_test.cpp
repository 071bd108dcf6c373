// The demo pipeline without a server: the same every time for a day, dated around that day,
// and a data file with a dangling name is refused with the name.
#include "demo/demo_plan.hpp"

#include <gmock/gmock.h>

#include <stdexcept>

namespace rapport::demo {
namespace {

using namespace std::chrono;

const Date day = sys_days(2026y / November / 22);

TEST(DemoPlanTest, SameCompanyAndDay_GiveTheSamePlan) {
    const auto first = plan_pipeline(demo_company(), day);
    const auto second = plan_pipeline(demo_company(), day);

    ASSERT_EQ(first.opportunities.size(), second.opportunities.size());
    for (std::size_t i = 0; i < first.opportunities.size(); ++i) {
        const auto& a = first.opportunities[i];
        const auto& b = second.opportunities[i];
        EXPECT_EQ(a.name, b.name);
        EXPECT_EQ(a.expected_close, b.expected_close);
        EXPECT_EQ(a.expected_revenue, b.expected_revenue);
        EXPECT_EQ(a.ending, b.ending);
    }
    ASSERT_EQ(first.leads.size(), second.leads.size());
    for (std::size_t i = 0; i < first.leads.size(); ++i) {
        EXPECT_EQ(first.leads[i].title, second.leads[i].title);
        EXPECT_EQ(first.leads[i].status, second.leads[i].status);
    }
}

TEST(DemoPlanTest, Pipeline_ClosesOverTheLastTwelveMonthsAndTheNextFour) {
    const auto plan = plan_pipeline(demo_company(), day);

    EXPECT_EQ(plan.opportunities.size(), 80u);
    EXPECT_EQ(plan.leads.size(), 60u);
    int won = 0;
    int lost = 0;
    for (const auto& opportunity : plan.opportunities) {
        won += opportunity.ending >= Ending::won;
        lost += opportunity.ending == Ending::lost;
        if (opportunity.ending == Ending::open) {
            EXPECT_GE(opportunity.expected_close, day - days(10)) << opportunity.name;
            EXPECT_LE(opportunity.expected_close, day + days(120)) << opportunity.name;
        } else {
            EXPECT_LE(opportunity.expected_close, day) << opportunity.name;
            EXPECT_GT(opportunity.expected_close, day - days(365)) << opportunity.name;
        }
        if (opportunity.invoice_date) {
            EXPECT_GE(*opportunity.invoice_date, opportunity.expected_close) << opportunity.name;
            EXPECT_LE(*opportunity.invoice_date, day) << opportunity.name;
        }
        EXPECT_GT(opportunity.expected_revenue, 0) << opportunity.name;
    }
    EXPECT_EQ(won, 30);
    EXPECT_EQ(lost, 16);
    EXPECT_EQ(plan.closing_order.size(), 46u);
    for (std::size_t i = 1; i < plan.closing_order.size(); ++i) {
        EXPECT_LE(plan.opportunities[plan.closing_order[i - 1]].expected_close,
                  plan.opportunities[plan.closing_order[i]].expected_close);
    }
}

TEST(DemoPlanTest, EmailAddress_LeavesTitlesOut) {
    EXPECT_EQ(email_address("Dr. Hendro", "Wibisono", "ubp.ac.id"), "hendro.wibisono@ubp.ac.id");
    EXPECT_EQ(email_address("I Made", "Wirawan", "bali.id"), "made.wirawan@bali.id");
}

TEST(DemoCompanyTest, ParseCompany_NamesEveryDanglingReference) {
    const std::string yaml = R"(
company: Test
seed: 1
password: a long password
email_domain: example.com
repeat_business_source: Existing customer
teams: [{name: Sales, leader: nobody, monthly_target: 1}]
users: [{login: ana, name: Ana, role: salesperson, team: Sales}]
products: [{code: P1, name: Thing, list_price: 10, cost: 5, tax_rate: 11}]
discount_schedules: []
deals: [{title: Things, memo: They want things, lines: [{product: P2, quantity: 1}]}]
sources: [Website]
lost_reasons: [No budget]
accounts: [{name: A, by: ana, industry: X, city: C, street: S, phone: "1", domain: a.id,
            contacts: [{first: B, last: C, title: D}]}]
prospects: []
)";

    try {
        parse_company(yaml);
        FAIL() << "expected a refusal";
    } catch (const std::runtime_error& failure) {
        EXPECT_THAT(failure.what(), ::testing::HasSubstr("team Sales: no user nobody"));
        EXPECT_THAT(failure.what(), ::testing::HasSubstr("deal Things: no product P2"));
    }
}

}  // namespace
}  // namespace rapport::demo
