// The delivery log's retention on both backends: attempts older than the cut-off go, a chunk at
// a time, and newer ones stay.
#include "workflow/webhook_delivery.hpp"

#include "database_fixture.hpp"
#include "db/statement.hpp"

#include <gmock/gmock.h>

#include <array>
#include <chrono>

namespace rapport::workflow {
namespace {

using namespace std::chrono_literals;

class WebhookDeliveryLogTest : public testing::DatabaseTest {
  protected:
    WebhookDeliveryLogTest() {
        const std::array migrations{webhook_deliveries_migration()};
        db::apply_migrations(database(), migrations);
    }

    void log_attempt(const std::string& delivery_id, std::chrono::hours age) {
        const sdk::Timestamp at(sdk::Timestamp::now().time_point() - age);
        database().write_transaction([&](soci::session& session) {
            db::execute(session,
                        "INSERT INTO rapport_webhook_deliveries (webhook_id, delivery_id, event, "
                        "attempt, status, duration_ms, at) VALUES (1, :d, 'account.created', 1, "
                        "200, 3, :at)",
                        {delivery_id, database().dialect().timestamp_value(at)});
        });
    }

    WebhookDelivery delivery_{database(), {std::chrono::milliseconds(1000), true}};
};

TEST_P(WebhookDeliveryLogTest, ForgetAttempts_DeletesThoseBeforeTheCutOffAChunkAtATime) {
    log_attempt("old", 72h);
    log_attempt("older", 96h);
    log_attempt("recent", 1h);
    const sdk::Timestamp two_days_ago(sdk::Timestamp::now().time_point() - 48h);

    EXPECT_EQ(delivery_.forget_attempts(two_days_ago, 1), 1U);
    EXPECT_EQ(delivery_.forget_attempts(two_days_ago, 1000), 1U);
    EXPECT_EQ(delivery_.forget_attempts(two_days_ago, 1000), 0U);

    const auto left = delivery_.attempts(1, 10);
    ASSERT_THAT(left, ::testing::SizeIs(1));
    EXPECT_EQ(left.at(0).delivery_id, "recent");
}

RAPPORT_INSTANTIATE_FOR_EVERY_BACKEND(WebhookDeliveryLogTest);

}  // namespace
}  // namespace rapport::workflow
