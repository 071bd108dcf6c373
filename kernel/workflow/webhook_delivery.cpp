#include "workflow/webhook_delivery.hpp"

#include "db/database.hpp"
#include "db/statement.hpp"
#include "jobs/job_queue.hpp"
#include "webhooks/webhook_signature.hpp"
#include "workflow/webhook_payload.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>

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
    : database_(database)
    , sender_(options)
    , targets_([this] { return read_targets(); }, std::chrono::seconds(1)) {}

// The secret is write-only: the record store never reads it back, so it is read here.
WebhookDelivery::Targets WebhookDelivery::read_targets() const {
    Targets targets;
    database_.with_session([&](soci::session& session) {
        const auto rows =
            db::query(session, "SELECT id, url, secret FROM webhook WHERE " +
                                   database_.dialect().boolean_select("active") + " = 1");
        for (const auto& row : rows) {
            targets[db::as_integer(row.at(0))] = {
                db::as_text(row.at(1)), db::is_null(row.at(2)) ? "" : db::as_text(row.at(2))};
        }
    });
    return targets;
}

namespace {

constexpr std::size_t log_columns = 8;

// One INSERT for a batch's attempts: `values` holds log_columns values per row.
void log_attempts(soci::session& session, std::size_t rows,
                  const std::vector<db::SqlValue>& values) {
    std::string sql =
        "INSERT INTO rapport_webhook_deliveries (webhook_id, delivery_id, event, attempt, status, "
        "error, duration_ms, at) VALUES ";
    for (std::size_t row = 0; row < rows; ++row) {
        sql += row == 0 ? "(" : ", (";
        for (std::size_t column = 0; column < log_columns; ++column) {
            sql += column == 0 ? ":v" : ", :v";
            sql += std::to_string(row * log_columns + column);
        }
        sql += ")";
    }
    db::execute(session, sql, values);
}

}  // namespace

jobs::JobRunner::BatchOutcome WebhookDelivery::deliver(const std::vector<jobs::Job>& jobs) const {
    std::vector<WebhookPayload> deliveries;
    for (const auto& job : jobs) {
        deliveries.push_back(decode_webhook_payload(job.payload));
    }
    auto targets = targets_.get();
    // A webhook created since the copy was read (by another process, which queued this job)
    // is not dropped for it: a delivery is dropped only on what the database says now.
    const bool unknown = std::any_of(deliveries.begin(), deliveries.end(), [&](const auto& d) {
        return !targets->contains(d.webhook_id);
    });
    if (unknown) {
        targets_.clear();
        targets = targets_.get();
    }
    std::vector<webhooks::Post> posts;
    std::vector<std::size_t> posted;  // index into deliveries
    for (std::size_t i = 0; i < deliveries.size(); ++i) {
        const auto& delivery = deliveries[i];
        const auto webhook = targets->find(delivery.webhook_id);
        if (webhook == targets->end()) {
            spdlog::info("webhook {} is gone or inactive: delivery {} dropped", delivery.webhook_id,
                         delivery.delivery_id);
            continue;
        }
        webhooks::Post post{
            webhook->second.url,
            delivery.body,
            {{"X-Rapport-Event", delivery.event}, {"X-Rapport-Delivery", delivery.delivery_id}}};
        // Without a secret there is nothing to sign with: a signature made with an empty key
        // would let a receiver believe anyone's request came from here.
        if (!webhook->second.secret.empty()) {
            post.headers.emplace_back(
                "X-Rapport-Signature",
                webhooks::webhook_signature(webhook->second.secret, delivery.body));
        }
        posts.push_back(std::move(post));
        posted.push_back(i);
    }
    const auto results = sender_.post_all(posts);
    jobs::JobRunner::BatchOutcome outcome;
    outcome.errors.resize(jobs.size());
    std::vector<db::SqlValue> log;
    const auto at = database_.dialect().timestamp_value(sdk::Timestamp::now());
    for (std::size_t k = 0; k < posted.size(); ++k) {
        const std::size_t i = posted[k];
        const auto& result = results[k];
        log.insert(log.end(),
                   {static_cast<long long>(deliveries[i].webhook_id), deliveries[i].delivery_id,
                    deliveries[i].event, static_cast<long long>(jobs[i].attempts + 1),
                    static_cast<long long>(result.status),
                    result.error.empty() ? db::SqlValue{} : db::SqlValue{result.error},
                    static_cast<long long>(result.elapsed.count()), at});
        if (!result.error.empty()) {
            outcome.errors[i] = fmt::format("delivery {} to {} failed: {}",
                                            deliveries[i].delivery_id, posts[k].url, result.error);
        }
    }
    if (!posted.empty()) {
        outcome.record = [rows = posted.size(), log = std::move(log)](soci::session& session) {
            log_attempts(session, rows, log);
        };
    }
    return outcome;
}

std::size_t WebhookDelivery::forget_attempts(sdk::Timestamp before, std::size_t most) const {
    const auto& dialect = database_.dialect();
    std::size_t deleted = 0;
    database_.write_transaction([&](soci::session& session) {
        deleted = db::query(session,
                            "DELETE FROM rapport_webhook_deliveries WHERE id IN (SELECT id FROM "
                            "rapport_webhook_deliveries WHERE at < :before ORDER BY id LIMIT "
                            ":most) RETURNING id",
                            {dialect.timestamp_value(before), static_cast<long long>(most)})
                      .size();
    });
    return deleted;
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
