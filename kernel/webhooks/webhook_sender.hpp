// Outbound HTTP for webhook deliveries: one JSON POST to an http:// or https:// URL with a
// deadline, its outcome returned rather than thrown. Beast and Asio stay inside the .cpp.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rapport::webhooks {

struct PostResult {
    int status = 0;     // 0 when no HTTP answer came
    std::string error;  // empty on a 2xx
    std::chrono::milliseconds elapsed{0};
};

struct SenderOptions {
    // For the whole request: resolving, connecting, the TLS handshake, writing and reading.
    // A DNS lookup that outlasts it still ends the post "timed out", but only once the
    // system resolver gives up.
    std::chrono::milliseconds timeout{10'000};
    // false refuses targets that resolve to loopback, private, link-local or unspecified
    // addresses, so that webhooks cannot reach the server's own network.
    bool allow_private_addresses = true;
    std::size_t max_response_bytes = 64 * 1024;
};

struct Post {
    std::string url;
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
};

class WebhookSender {
  public:
    explicit WebhookSender(SenderOptions options);

    // POSTs `body` as application/json with `headers` added. Never throws for network
    // problems or non-2xx answers: they come back in PostResult::error. Safe to call from
    // several threads at once.
    PostResult post(std::string_view url, std::string_view body,
                    const std::vector<std::pair<std::string, std::string>>& headers) const;
    // Several posts at once, concurrently, within one timeout: a batch of deliveries waits
    // for its slowest receiver, not for the sum of them. Results in the order of `posts`.
    std::vector<PostResult> post_all(const std::vector<Post>& posts) const;

  private:
    struct Impl;
    std::shared_ptr<Impl> impl_;
};

// Why `url` cannot be a webhook target (not http or https, no host, not a URL), or nullopt.
std::optional<std::string> webhook_url_problem(std::string_view url);

}  // namespace rapport::webhooks
