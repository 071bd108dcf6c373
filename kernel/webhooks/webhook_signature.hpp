// The signature a webhook receiver checks: the X-Rapport-Signature header of every delivery
// (ARCHITECTURE §7), an HMAC-SHA256 of the exact body bytes keyed with the webhook's secret.
#pragma once

#include <string>
#include <string_view>

namespace rapport::webhooks {

// "sha256=" followed by the lower-case hex HMAC-SHA256 of `body` with `secret` as the key.
std::string webhook_signature(std::string_view secret, std::string_view body);

}  // namespace rapport::webhooks
