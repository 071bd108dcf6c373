// On both backends: the delivery log's retention (attempts older than the cut-off go, a chunk
// at a time, newer ones stay) and which webhooks a batch delivers to.
#include "workflow/webhook_delivery.hpp"

#include "database_fixture.hpp"
#include "db/statement.hpp"
#include "workflow/webhook_payload.hpp"

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

// The webhooks' targets are read once a second; a job for a webhook the copy does not know yet
// (one created since by another process) is not dropped for that.
TEST_P(WebhookDeliveryLogTest, Deliver_AWebhookNewerThanTheTargetsReadIsStillDeliveredTo) {
    database().write_transaction([&](soci::session& session) {
        db::execute(session,
                    "CREATE TABLE webhook (id BIGINT PRIMARY KEY, url TEXT, secret "
                    "TEXT, active BOOLEAN)");
    });
    const jobs::Job job{1, "webhook", encode_webhook_payload({7, "d1", "account.created", "{}"}),
                        0};
    const auto gone = delivery_.deliver({job});
    ASSERT_THAT(gone.errors, ::testing::SizeIs(1));
    EXPECT_EQ(gone.errors[0], std::nullopt) << "a webhook that does not exist: dropped";

    // Nothing listens on the discard port: an attempt fails, where a drop would not.
    database().write_transaction([&](soci::session& session) {
        db::execute(session,
                    "INSERT INTO webhook (id, url, secret, active) VALUES (7, "
                    "'http://127.0.0.1:9/hook', 's3cret', TRUE)");
    });
    const auto attempted = delivery_.deliver({job});
    ASSERT_THAT(attempted.errors, ::testing::SizeIs(1));
    ASSERT_TRUE(attempted.errors[0].has_value());
    EXPECT_THAT(*attempted.errors[0], ::testing::HasSubstr("127.0.0.1:9"));
}

RAPPORT_INSTANTIATE_FOR_EVERY_BACKEND(WebhookDeliveryLogTest);

}  // namespace
}  // namespace rapport::workflow
