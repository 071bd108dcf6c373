#include "workflow/webhook_payload.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace rapport::workflow {
namespace {

TEST(WebhookPayload, KeepsTheBodyByteForByte) {
    const WebhookPayload written{42, "0123456789abcdef0123456789abcdef", "opportunity.transitioned",
                                 "{\"name\":\"Ünïcode \\\"quoted\\\"\",\n\"lines\":\"a\\nb\"}\n"};

    const auto read = decode_webhook_payload(encode_webhook_payload(written));

    EXPECT_EQ(read.webhook_id, 42);
    EXPECT_EQ(read.delivery_id, written.delivery_id);
    EXPECT_EQ(read.event, written.event);
    EXPECT_EQ(read.body, written.body);
}

TEST(WebhookPayload, ReadsTheJsonOfJobsQueuedByEarlierVersions) {
    const auto read = decode_webhook_payload(
        R"({"webhook_id":7,"delivery_id":"ab","event":"account.created","body":"{\"id\":1}"})");

    EXPECT_EQ(read.webhook_id, 7);
    EXPECT_EQ(read.delivery_id, "ab");
    EXPECT_EQ(read.event, "account.created");
    EXPECT_EQ(read.body, R"({"id":1})");
}

TEST(WebhookPayload, RefusesAFirstLineOfAnotherShape) {
    EXPECT_THROW(decode_webhook_payload("7 ab account.created"), std::invalid_argument);
    EXPECT_THROW(decode_webhook_payload("x ab account.created\n{}"), std::invalid_argument);
    EXPECT_THROW(decode_webhook_payload("7 ab\n{}"), std::invalid_argument);
    EXPECT_THROW(decode_webhook_payload("7 ab account.created extra\n{}"), std::invalid_argument);
}

}  // namespace
}  // namespace rapport::workflow
