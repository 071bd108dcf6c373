#include "workflow/webhook_delivery.hpp"

#include "db/database.hpp"
#include "db/statement.hpp"
#include "jobs/job_queue.hpp"
#include "webhooks/webhook_signature.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <stdexcept>

namespace rapport::workflow {

db::Migration webhook_deliveries_migration() {
    return {"kernel/0110_webhook_deliveries",
            [](soci::session& session, const db::Dialect& dialect) {
                db::execute(
                    session,
                    fmt::format("CREATE TABLE rapport_webhook_deliveries ({}, webhook_id {} NOT "
                                "NULL, delivery_id VARCHAR(32) NOT NULL, event VARCHAR(100) NOT "
                                "NULL, attempt {} NOT NULL, status {} NOT NULL, error TEXT, "
                                "duration_ms {} NOT NULL, at {} NOT NULL)",
                                dialect.id_column(), dialect.integer_column(),
                                dialect.integer_column(), dialect.integer_column(),
                                dialect.integer_column(), dialect.timestamp_column()));
                db::execute(session,
                            "CREATE INDEX ix_rapport_webhook_deliveries ON "
                            "rapport_webhook_deliveries (webhook_id, id)");
            }};
}

WebhookDelivery::WebhookDelivery(db::Database& database, webhooks::SenderOptions options)
    : database_(database), sender_(options) {}

void WebhookDelivery::deliver(const jobs::Job& job) const {
    const auto payload = boost::json::parse(job.payload).as_object();
    const std::int64_t webhook_id = payload.at("webhook_id").as_int64();
    const std::string delivery_id(payload.at("delivery_id").as_string());
    const std::string event(payload.at("event").as_string());
    const std::string body(payload.at("body").as_string());

    std::optional<db::Row> webhook;
    database_.with_session([&](soci::session& session) {
        // The secret is write-only: the record store never reads it back, so it is read here.
        auto rows =
            db::query(session,
                      "SELECT url, secret, " + database_.dialect().boolean_select("active") +
                          " FROM webhook WHERE id = :id",
                      {static_cast<long long>(webhook_id)});
        if (!rows.empty()) {
            webhook = std::move(rows.front());
        }
    });
    if (!webhook || db::as_integer(webhook->at(2)) == 0) {
        spdlog::info("webhook {} is gone or inactive: delivery {} dropped", webhook_id,
                     delivery_id);
        return;
    }
    const std::string url = db::as_text(webhook->at(0));
    const std::string secret = db::is_null(webhook->at(1)) ? "" : db::as_text(webhook->at(1));
    const auto result =
        sender_.post(url, body,
                     {{"X-Rapport-Signature", webhooks::webhook_signature(secret, body)},
                      {"X-Rapport-Event", event},
                      {"X-Rapport-Delivery", delivery_id}});
    database_.with_session([&](soci::session& session) {
        db::execute(
            session,
            "INSERT INTO rapport_webhook_deliveries (webhook_id, delivery_id, event, "
            "attempt, status, error, duration_ms, at) VALUES (:w, :d, :e, :a, :s, :r, "
            ":t, :at)",
            {static_cast<long long>(webhook_id), delivery_id, event,
             static_cast<long long>(job.attempts + 1), static_cast<long long>(result.status),
             result.error.empty() ? db::SqlValue{} : db::SqlValue{result.error},
             static_cast<long long>(result.elapsed.count()),
             database_.dialect().timestamp_value(sdk::Timestamp::now())});
    });
    if (!result.error.empty()) {
        throw std::runtime_error(
            fmt::format("delivery {} to {} failed: {}", delivery_id, url, result.error));
    }
}

std::vector<DeliveryAttempt> WebhookDelivery::attempts(std::int64_t webhook_id,
                                                       std::size_t limit) const {
    std::vector<DeliveryAttempt> attempts;
    database_.with_session([&](soci::session& session) {
        const auto rows = db::query(
            session,
            fmt::format("SELECT delivery_id, event, attempt, status, error, duration_ms, {} FROM "
                        "rapport_webhook_deliveries WHERE webhook_id = :w ORDER BY id DESC "
                        "LIMIT {}",
                        database_.dialect().timestamp_select("at"), limit),
            {static_cast<long long>(webhook_id)});
        for (const auto& row : rows) {
            attempts.push_back({db::as_text(row.at(0)), db::as_text(row.at(1)),
                                static_cast<int>(db::as_integer(row.at(2))),
                                static_cast<int>(db::as_integer(row.at(3))),
                                db::is_null(row.at(4)) ? std::string() : db::as_text(row.at(4)),
                                db::as_integer(row.at(5)),
                                *sdk::Timestamp::parse(db::as_text(row.at(6)))});
        }
    });
    return attempts;
}

}  // namespace rapport::workflow
