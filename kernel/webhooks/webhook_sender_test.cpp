#include "webhooks/webhook_sender.hpp"

#include "webhook_receiver.hpp"

#include <gmock/gmock.h>

#include <optional>
#include <string>

namespace rapport::webhooks {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::WebhookReceiver;
using namespace std::chrono_literals;

const std::string body = R"({"event":"created","entity":"account","id":7})";

TEST(WebhookSender, Post_DeliversBodyAsJsonWithLengthAndHeaders) {
    WebhookReceiver receiver;
    const WebhookSender sender(SenderOptions{});

    const auto result =
        sender.post(receiver.url("/hooks/crm?tenant=3"), body,
                    {{"X-Rapport-Signature", "sha256=00ff"}, {"X-Rapport-Delivery", "12"}});

    EXPECT_EQ(result.status, 200);
    EXPECT_EQ(result.error, "");
    ASSERT_EQ(receiver.count(), 1U);
    const auto request = receiver.requests().front();
    EXPECT_EQ(request.method, "POST");
    EXPECT_EQ(request.target, "/hooks/crm?tenant=3");
    EXPECT_EQ(request.body, body);
    EXPECT_EQ(request.header("content-type"), "application/json");
    EXPECT_EQ(request.header("content-length"), std::to_string(body.size()));
    EXPECT_EQ(request.header("host"), "127.0.0.1:" + std::to_string(receiver.port()));
    EXPECT_EQ(request.header("x-rapport-signature"), "sha256=00ff");
    EXPECT_EQ(request.header("x-rapport-delivery"), "12");
}

TEST(WebhookSender, Post_UrlWithoutPathPostsToRoot) {
    WebhookReceiver receiver;

    WebhookSender(SenderOptions{}).post(receiver.url(""), body, {});

    ASSERT_EQ(receiver.count(), 1U);
    EXPECT_EQ(receiver.requests().front().target, "/");
}

TEST(WebhookSender, Post_Non2xxAnswerIsAnErrorNamingTheStatus) {
    WebhookReceiver receiver;
    receiver.respond_with(500);

    const auto result = WebhookSender(SenderOptions{}).post(receiver.url(), body, {});

    EXPECT_EQ(result.status, 500);
    EXPECT_THAT(result.error, HasSubstr("HTTP 500"));
}

TEST(WebhookSender, Post_ClosedPortIsAnErrorNotAnException) {
    const std::string url = WebhookReceiver().url();  // the port closes with the receiver

    std::optional<PostResult> result;
    EXPECT_NO_THROW(result = WebhookSender(SenderOptions{}).post(url, body, {}));

    EXPECT_EQ(result->status, 0);
    EXPECT_THAT(result->error, HasSubstr("refused"));
}

TEST(WebhookSender, Post_SlowReceiverTimesOutAtTheDeadline) {
    WebhookReceiver receiver;
    receiver.delay_answers(3s);
    SenderOptions options;
    options.timeout = 300ms;

    const auto result = WebhookSender(options).post(receiver.url(), body, {});

    EXPECT_EQ(result.status, 0);
    EXPECT_EQ(result.error, "timed out after 300 ms");
    EXPECT_GE(result.elapsed, 300ms);
    EXPECT_LT(result.elapsed, 800ms);
}

TEST(WebhookSender, PostAll_SendsConcurrentlyAndAnswersInOrder) {
    WebhookReceiver receiver;
    receiver.delay_answers(200ms);
    const std::string closed = WebhookReceiver().url();
    std::vector<Post> posts;
    for (int i = 0; i < 8; ++i) {
        posts.push_back({receiver.url("/hook/" + std::to_string(i)), body, {}});
    }
    posts.push_back({closed, body, {}});
    posts.push_back({"ftp://example.com/", body, {}});

    const auto started = std::chrono::steady_clock::now();
    const auto results = WebhookSender(SenderOptions{}).post_all(posts);

    EXPECT_LT(std::chrono::steady_clock::now() - started, 1s);  // not 8 × 200 ms
    ASSERT_EQ(results.size(), 10U);
    for (int i = 0; i < 8; ++i) {
        EXPECT_EQ(results[i].status, 200) << results[i].error;
    }
    EXPECT_THAT(results[8].error, HasSubstr("refused"));
    EXPECT_THAT(results[9].error, HasSubstr("http://"));
    EXPECT_EQ(receiver.count(), 8U);
}

TEST(WebhookSender, Post_KeepsTheConnectionForTheNextPostToTheSameReceiver) {
    WebhookReceiver receiver;
    const WebhookSender sender(SenderOptions{});

    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(sender.post(receiver.url(), body, {}).status, 200);
    }
    sender.post_all({{receiver.url(), body, {}}});

    EXPECT_EQ(receiver.count(), 4U);
    EXPECT_EQ(receiver.connections(), 1U);
}

// A kept connection is reused without checking it for bytes: an interim answer read as the
// answer would leave the real one to be taken for the next request's.
TEST(WebhookSender, Post_ReadsPastAnInterimAnswerToTheAnswer) {
    WebhookReceiver receiver;
    receiver.send_interim_answers(true);
    receiver.fail_next(1, 500);
    const WebhookSender sender(SenderOptions{});

    const auto first = sender.post(receiver.url(), body, {});
    const auto second = sender.post(receiver.url(), body, {});

    EXPECT_EQ(first.status, 500);
    EXPECT_EQ(second.status, 200) << second.error;
    EXPECT_EQ(receiver.count(), 2U);
    EXPECT_EQ(receiver.connections(), 1U);
}

TEST(WebhookSender, Post_AfterTheReceiverClosedTheKeptConnection_ConnectsAgain) {
    WebhookReceiver receiver;
    const WebhookSender sender(SenderOptions{});
    ASSERT_EQ(sender.post(receiver.url(), body, {}).status, 200);

    receiver.close_connections();
    const auto result = sender.post(receiver.url(), body, {});

    EXPECT_EQ(result.status, 200) << result.error;
    EXPECT_EQ(receiver.count(), 2U);
    EXPECT_EQ(receiver.connections(), 2U);
}

TEST(WebhookSender, Post_HttpsToAPlainHttpServerFailsTheHandshake) {
    WebhookReceiver receiver;

    const auto result =
        WebhookSender(SenderOptions{})
            .post("https://127.0.0.1:" + std::to_string(receiver.port()) + "/hook", body, {});

    EXPECT_EQ(result.status, 0);
    EXPECT_THAT(result.error, HasSubstr("TLS handshake"));
}

TEST(WebhookSender, Post_WithPrivateAddressesRefusedDoesNotConnectToLoopback) {
    WebhookReceiver receiver;
    SenderOptions options;
    options.allow_private_addresses = false;

    const auto result = WebhookSender(options).post(receiver.url(), body, {});

    EXPECT_EQ(result.status, 0);
    EXPECT_THAT(result.error, HasSubstr("loopback"));
    EXPECT_FALSE(receiver.wait_for(1, 100ms));
}

class RestrictedAddress : public ::testing::TestWithParam<const char*> {};

TEST_P(RestrictedAddress, Post_IsRefusedBeforeConnecting) {
    SenderOptions options;
    options.allow_private_addresses = false;
    options.timeout = 200ms;  // a connection attempt would time out instead

    const auto result =
        WebhookSender(options).post("http://" + std::string(GetParam()) + "/hook", body, {});

    EXPECT_THAT(result.error, HasSubstr("private addresses are not allowed"));
}

INSTANTIATE_TEST_SUITE_P(WebhookSender, RestrictedAddress,
                         ::testing::Values("localhost", "127.0.0.2", "10.1.2.3", "172.16.0.1",
                                           "172.31.255.254", "192.168.1.1", "169.254.169.254",
                                           "0.0.0.0", "[::1]", "[::]", "[fc00::1]", "[fd12::1]",
                                           "[fe80::1]", "[::ffff:127.0.0.1]", "[::ffff:10.0.0.1]"));

class PublicAddress : public ::testing::TestWithParam<const char*> {};

// Neighbours of the private ranges; whether they answer does not matter here.
TEST_P(PublicAddress, Post_IsNotRefusedAsPrivate) {
    SenderOptions options;
    options.allow_private_addresses = false;
    options.timeout = 100ms;

    const auto result =
        WebhookSender(options).post("http://" + std::string(GetParam()) + "/hook", body, {});

    EXPECT_THAT(result.error, Not(HasSubstr("private addresses are not allowed")));
}

INSTANTIATE_TEST_SUITE_P(WebhookSender, PublicAddress,
                         ::testing::Values("172.32.0.1", "192.169.0.1", "11.0.0.1", "[fe00::1]"));

TEST(WebhookUrlProblem, AcceptsHttpAndHttpsUrlsWithAHost) {
    EXPECT_EQ(webhook_url_problem("http://example.com/hook"), std::nullopt);
    EXPECT_EQ(webhook_url_problem("https://hooks.example.com:8443/a/b?c=d"), std::nullopt);
    EXPECT_EQ(webhook_url_problem("http://127.0.0.1:9000"), std::nullopt);
    EXPECT_EQ(webhook_url_problem("HTTPS://[::1]:8443/x"), std::nullopt);
}

TEST(WebhookUrlProblem, RefusesOtherSchemes) {
    EXPECT_THAT(webhook_url_problem("ftp://example.com/hook").value_or(""),
                HasSubstr("http:// or https://"));
    EXPECT_NE(webhook_url_problem("mailto:hooks@example.com"), std::nullopt);
}

TEST(WebhookUrlProblem, RefusesUrlsWithoutAHost) {
    EXPECT_THAT(webhook_url_problem("http:///hook").value_or(""), HasSubstr("no host"));
    EXPECT_NE(webhook_url_problem("https:hook"), std::nullopt);
}

TEST(WebhookUrlProblem, RefusesPortsNoConnectionCanReach) {
    EXPECT_THAT(webhook_url_problem("http://127.0.0.1:99999/x").value_or(""),
                HasSubstr("from 1 to 65535, not 99999"));
    EXPECT_NE(webhook_url_problem("http://127.0.0.1:0/x"), std::nullopt);
    EXPECT_EQ(webhook_url_problem("http://127.0.0.1:65535/x"), std::nullopt);
    for (const char* url :
         {"http://127.0.0.1:18501abc/abc", "http://127.0.0.1:18501:5/dbl",
          "http://127.0.0.1:-1/neg", "http://x.com:80abc/", "https://x.com:443:5/"}) {
        EXPECT_THAT(webhook_url_problem(url).value_or(""), HasSubstr("digits only")) << url;
    }
    EXPECT_EQ(webhook_url_problem("http://x.com:8080"), std::nullopt);
    EXPECT_EQ(webhook_url_problem("http://x.com:/"), std::nullopt);  // empty: the default port
    EXPECT_EQ(webhook_url_problem("http://x.com?event=1"), std::nullopt);
}

TEST(WebhookUrlProblem, RefusesTextThatIsNotAUrl) {
    EXPECT_THAT(webhook_url_problem("not a url").value_or(""), HasSubstr("not an absolute URL"));
    EXPECT_NE(webhook_url_problem(""), std::nullopt);
    EXPECT_NE(webhook_url_problem("http://exa mple.com/"), std::nullopt);
}

}  // namespace
}  // namespace rapport::webhooks
