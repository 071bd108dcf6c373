#include "workflow/webhook_outbox.hpp"

#include "db/database.hpp"
#include "http/json_numbers.hpp"
#include "jobs/job_runner.hpp"
#include "records/record_json.hpp"
#include "records/record_store.hpp"
#include "workflow/registrations.hpp"
#include "workflow/webhook_payload.hpp"

#include <boost/json.hpp>
#include <openssl/rand.h>

#include <array>
#include <stdexcept>

namespace rapport::workflow {
namespace {

// 128 random bits as 32 hex digits: a receiver deduplicates retries by it. The bits come
// from OpenSSL's generator 4 KiB at a time: one RAND_bytes call per id was 10 % of the
// outbox's time.
std::string new_delivery_id() {
    constexpr std::size_t id_bytes = 16;
    thread_local std::array<unsigned char, 4096> random{};
    thread_local std::size_t used = random.size();
    if (used == random.size()) {
        if (RAND_bytes(random.data(), static_cast<int>(random.size())) != 1) {
            throw std::runtime_error("no random bytes for a delivery id");
        }
        used = 0;
    }
    static constexpr char digits[] = "0123456789abcdef";
    std::string id;
    id.reserve(2 * id_bytes);
    for (std::size_t i = used; i < used + id_bytes; ++i) {
        id += digits[random[i] >> 4];
        id += digits[random[i] & 0x0f];
    }
    used += id_bytes;
    return id;
}

// Whether a webhook's events list names this event.
bool listens(const std::vector<std::string>& patterns, std::string_view event) {
    for (const auto& pattern : patterns) {
        if (event_matches(pattern, event)) {
            return true;
        }
    }
    return false;
}

}  // namespace

WebhookOutbox::WebhookOutbox(records::RecordStore& store, jobs::JobRunner& runner, int max_attempts)
    : store_(store)
    , webhooks_(active_records(store, "webhook"), std::chrono::seconds(1))
    , runner_(runner)
    , max_attempts_(max_attempts) {}

void WebhookOutbox::record_event(const records::RecordEvent& event) {
    for (const auto id : listeners(event.name())) {
        enqueue(id, event);
    }
}

bool WebhookOutbox::listens_to(std::string_view event) {
    return !listeners(event).empty();
}

// Few webhooks exist: their events lists are matched here rather than in SQL.
std::vector<std::int64_t> WebhookOutbox::listeners(std::string_view event) {
    std::vector<std::int64_t> ids;
    const auto webhooks = webhooks_.get();  // held while read: see Cached::get
    for (const auto& record : *webhooks) {
        const auto* events = std::get_if<sdk::Strings>(&record.get("events"));
        if (events && listens(*events, event)) {
            ids.push_back(record.id());
        }
    }
    return ids;
}

void WebhookOutbox::deliver_to(std::int64_t webhook_id, const records::RecordEvent& event) const {
    enqueue(webhook_id, event);
}

void WebhookOutbox::enqueue(std::int64_t webhook_id, const records::RecordEvent& event) const {
    const std::string delivery_id = new_delivery_id();
    std::string name = event.name();
    // Built by emplace: an initializer list would copy the record's object.
    boost::json::object body(6);
    body.emplace("event", name);
    body.emplace("entity", event.entity().name);
    body.emplace("id", event.id());
    body.emplace("record", records::record_to_outbound_json(event.record));
    body.emplace("occurred_at", sdk::Timestamp::now().to_rfc3339());
    body.emplace("delivery_id", delivery_id);
    auto payload = encode_webhook_payload(
        {webhook_id, delivery_id, std::move(name), http::plain_json_text(body)});
    // The change's own transaction, joined without a savepoint: if this throws, the change
    // fails as a whole.
    store_.database().with_session([&](soci::session& session) {
        runner_.enqueue(session, webhook_job_kind, std::move(payload), max_attempts_);
    });
}

}  // namespace rapport::workflow
