#include "webhooks/webhook_signature.hpp"

#include <gtest/gtest.h>

namespace rapport::webhooks {
namespace {

TEST(WebhookSignature, MatchesRfc4231TestCase2) {
    EXPECT_EQ(webhook_signature("Jefe", "what do ya want for nothing?"),
              "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(WebhookSignature, SignsAnEmptyBodyWithAnEmptySecret) {
    EXPECT_EQ(webhook_signature({}, {}),
              "sha256=b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
}

// Each thread keeps one context and re-keys it: a signature must not inherit the previous key.
TEST(WebhookSignature, EachSignatureUsesItsOwnSecret) {
    const auto first = webhook_signature("Jefe", "what do ya want for nothing?");
    EXPECT_EQ(webhook_signature({}, {}),
              "sha256=b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
    EXPECT_NE(webhook_signature("other", "what do ya want for nothing?"), first);
    EXPECT_EQ(webhook_signature("Jefe", "what do ya want for nothing?"), first);
}

}  // namespace
}  // namespace rapport::webhooks
