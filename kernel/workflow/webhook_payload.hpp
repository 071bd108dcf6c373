// What a webhook delivery job carries: the webhook, the delivery id, the event and the body as
// it is sent and signed. Stored as one line "<webhook_id> <delivery_id> <event>" followed by the
// body, so that the body is written once, with nothing to escape on the way in or to parse on
// the way out.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace rapport::workflow {

struct WebhookPayload {
    std::int64_t webhook_id = 0;
    std::string delivery_id;
    std::string event;
    std::string body;
};

std::string encode_webhook_payload(const WebhookPayload& payload);
// Also reads the JSON object {"webhook_id", "delivery_id", "event", "body"} that jobs queued by
// earlier versions carry. Throws std::invalid_argument for anything else.
WebhookPayload decode_webhook_payload(std::string_view text);

}  // namespace rapport::workflow
