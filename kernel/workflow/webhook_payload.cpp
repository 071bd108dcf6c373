#include "workflow/webhook_payload.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <charconv>
#include <stdexcept>

namespace rapport::workflow {
namespace {

WebhookPayload decode_json(std::string_view text) {
    const auto object = boost::json::parse(text).as_object();
    return {object.at("webhook_id").as_int64(), std::string(object.at("delivery_id").as_string()),
            std::string(object.at("event").as_string()),
            std::string(object.at("body").as_string())};
}

// The next space-separated word of `line`, which loses it and its space.
std::string_view next_word(std::string_view& line) {
    const auto end = line.find(' ');
    const auto word = line.substr(0, end);
    line.remove_prefix(end == std::string_view::npos ? line.size() : end + 1);
    return word;
}

}  // namespace

std::string encode_webhook_payload(const WebhookPayload& payload) {
    return fmt::format("{} {} {}\n{}", payload.webhook_id, payload.delivery_id, payload.event,
                       payload.body);
}

WebhookPayload decode_webhook_payload(std::string_view text) {
    if (text.starts_with('{')) {
        return decode_json(text);
    }
    const auto line_end = text.find('\n');
    if (line_end == std::string_view::npos) {
        throw std::invalid_argument("a webhook payload without its first line");
    }
    std::string_view line = text.substr(0, line_end);
    WebhookPayload payload;
    const auto id = next_word(line);
    const auto [end, error] = std::from_chars(id.data(), id.data() + id.size(), payload.webhook_id);
    payload.delivery_id = next_word(line);
    payload.event = next_word(line);
    if (error != std::errc() || end != id.data() + id.size() || payload.delivery_id.empty() ||
        payload.event.empty() || !line.empty()) {
        throw std::invalid_argument(
            "a webhook payload's first line is not \"<webhook_id> "
            "<delivery_id> <event>\": " +
            std::string(text.substr(0, line_end)));
    }
    payload.body = text.substr(line_end + 1);
    return payload;
}

}  // namespace rapport::workflow
