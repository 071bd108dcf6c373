// The Sales plugin's forecast over HTTP on both backends (issue 7): expected revenue weighted by
// each opportunity's probability, exactly, by stage and by month of closing, added up by the
// database through the SDK's aggregates, and only over what the caller may read.
#include "sales_test.hpp"

#include <string>

namespace rapport {
namespace {

using testing::json;

class SalesForecastTest : public testing::SalesTest {};

TEST_P(SalesForecastTest, Forecast_WeighsExpectedRevenueByProbability) {
    create_id("opportunity", R"({"name": "A", "expected_revenue": "1000000.00",
                                 "expected_close_date": "2026-11-15"})");
    create_id("opportunity", R"({"name": "B", "expected_revenue": "500000.00",
                                 "stage": "negotiation", "expected_close_date": "2026-11-30"})");
    create_id("opportunity", R"({"name": "C", "expected_revenue": "333.33", "probability": 33.3,
                                 "expected_close_date": "2026-12-01"})");
    create_id("opportunity", R"({"name": "D", "expected_revenue": "200.00", "stage": "won"})");
    create_id("opportunity", R"({"name": "E", "expected_revenue": "100.00", "stage": "lost"})");
    create_id("opportunity", R"({"name": "F", "stage": "lost"})");

    const auto answer = admin_->get(path("opportunity") + "/forecast");

    ASSERT_EQ(answer.status, 200) << answer.body;
    const auto forecast = json(answer);
    EXPECT_EQ(forecast.at("count"), 6);
    EXPECT_EQ(forecast.at("expected_revenue"), "1500633.33");
    // 100000 + 400000 + 110.99889 + 200 + 0
    EXPECT_EQ(forecast.at("weighted_revenue"), "500311.00");
    const auto& by_stage = forecast.at("by_stage").as_array();
    ASSERT_EQ(by_stage.size(), 6U);
    EXPECT_EQ(by_stage.at(0).at("stage"), "new");
    EXPECT_EQ(by_stage.at(0).at("count"), 2);
    EXPECT_EQ(by_stage.at(0).at("weighted_revenue"), "100111.00");
    EXPECT_EQ(by_stage.at(3).at("stage"), "negotiation");
    EXPECT_EQ(by_stage.at(3).at("weighted_revenue"), "400000.00");
    const auto& by_month = forecast.at("by_month").as_array();
    ASSERT_EQ(by_month.size(), 3U);
    EXPECT_EQ(by_month.at(0).at("month"), "2026-11");
    EXPECT_EQ(by_month.at(0).at("weighted_revenue"), "500000.00");
    EXPECT_EQ(by_month.at(1).at("month"), "2026-12");
    EXPECT_TRUE(by_month.at(2).at("month").is_null());
    EXPECT_EQ(forecast.at("won"), 1);
    EXPECT_EQ(forecast.at("lost"), 2);
    EXPECT_EQ(forecast.at("win_rate"), 33.33);

    const auto filtered = json(admin_->get(path("opportunity") + "/forecast?stage=eq.lost"));
    EXPECT_EQ(filtered.at("count"), 2);
    EXPECT_EQ(admin_->get(path("opportunity") + "/forecast?stage=nonsense").status, 400);
}

TEST_P(SalesForecastTest, Forecast_WeighsEachOpportunityByItsOwnProbabilityExactly) {
    // One stage, three probabilities: 100.005 + 2700 + 0.005. The stage's revenue at its average
    // probability, or each probability's share rounded on its own (2800.02), would be wrong.
    const auto opportunity = [this](const std::string& revenue, int probability,
                                    const std::string& closing) {
        create_id("opportunity", R"({"name": "Deal", "expected_revenue": ")" + revenue +
                                     R"(", "probability": )" + std::to_string(probability) +
                                     R"(, "expected_close_date": ")" + closing + R"("})");
    };
    opportunity("1000.00", 10, "2026-11-15");
    opportunity("3000.00", 90, "2026-11-20");
    opportunity("0.10", 5, "2026-12-01");
    opportunity("0.05", 10, "2026-12-02");

    const auto forecast = json(admin_->get(path("opportunity") + "/forecast"));

    EXPECT_EQ(forecast.at("expected_revenue"), "4000.15");
    EXPECT_EQ(forecast.at("weighted_revenue"), "2800.01");
    EXPECT_EQ(forecast.at("by_stage").at(0).at("weighted_revenue"), "2800.01");
    EXPECT_EQ(forecast.at("by_month").at(0).at("weighted_revenue"), "2800.00");
    EXPECT_EQ(forecast.at("by_month").at(1).at("weighted_revenue"), "0.01");
}

TEST_P(SalesForecastTest, Forecast_AddsUpOnlyWhatTheCallerMayRead) {
    create_id("opportunity", R"({"name": "Admin's", "expected_revenue": "1000.00"})");
    const auto ana = user("ana", R"(["salesperson"])");
    create_id("opportunity", R"({"name": "Ana's", "expected_revenue": "200.00"})", ana.get());

    const auto answer = ana->get(path("opportunity") + "/forecast");

    ASSERT_EQ(answer.status, 200) << answer.body;
    const auto forecast = json(answer);
    EXPECT_EQ(forecast.at("count"), 1);
    EXPECT_EQ(forecast.at("expected_revenue"), "200.00");
    EXPECT_EQ(forecast.at("weighted_revenue"), "20.00");  // new: 10 %
}

RAPPORT_INSTANTIATE_FOR_EVERY_BACKEND(SalesForecastTest);

}  // namespace
}  // namespace rapport
