#include "jobs/job_queue.hpp"

#include "db/database.hpp"
#include "db/database_error.hpp"
#include "db/statement.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <stdexcept>

namespace rapport::jobs {
namespace {

constexpr std::size_t max_kind_length = 100;

constexpr std::array<std::string_view, 4> state_names{"pending", "running", "done", "dead"};

std::string state_name(JobState state) {
    return std::string(job_state_name(state));
}

JobState parse_state(const std::string& name) {
    const auto state = parse_job_state(name);
    if (!state) {
        throw db::DatabaseError("rapport_jobs holds an unknown state '" + name + "'");
    }
    return *state;
}

sdk::Timestamp after(sdk::Timestamp start, std::chrono::seconds delay) {
    return sdk::Timestamp(start.time_point() + delay);
}

long long sql_integer(std::size_t value) {
    return static_cast<long long>(value);
}

}  // namespace

std::string_view job_state_name(JobState state) {
    return state_names.at(static_cast<std::size_t>(state));
}

std::optional<JobState> parse_job_state(std::string_view name) {
    const auto found = std::find(state_names.begin(), state_names.end(), name);
    if (found == state_names.end()) {
        return std::nullopt;
    }
    return static_cast<JobState>(found - state_names.begin());
}

db::Migration job_queue_migration() {
    return {
        "kernel/0100_jobs", [](soci::session& session, const db::Dialect& dialect) {
            const auto timestamp = dialect.timestamp_column();
            db::execute(
                session,
                fmt::format("CREATE TABLE rapport_jobs ({}, kind VARCHAR({}) NOT NULL, "
                            "payload TEXT NOT NULL, state VARCHAR(16) NOT NULL, attempts {} "
                            "NOT NULL, max_attempts {} NOT NULL, run_at {} NOT NULL, "
                            "lease_until {}, last_error TEXT, created_at {} NOT NULL, "
                            "finished_at {})",
                            dialect.id_column(), max_kind_length, dialect.integer_column(),
                            dialect.integer_column(), timestamp, timestamp, timestamp, timestamp));
            // Claiming reads pending jobs in run_at order and running ones by state; done
            // and dead jobs, the bulk of the table, stay out of their way.
            db::execute(session,
                        "CREATE INDEX ix_rapport_jobs_due ON rapport_jobs (state, run_at)");
        }};
}

JobQueue::JobQueue(db::Database& database) : database_(database) {}

std::int64_t JobQueue::enqueue(soci::session& session, std::string_view kind,
                               std::string_view payload, const JobOptions& options) {
    return insert(session, kind, payload, options, std::nullopt);
}

Job JobQueue::enqueue_claimed(soci::session& session, std::string_view kind, std::string payload,
                              std::chrono::seconds lease, int max_attempts) {
    const auto id = insert(session, kind, payload, {sdk::Timestamp::now(), max_attempts}, lease);
    return {id, std::string(kind), std::move(payload), 0};
}

std::int64_t JobQueue::insert(soci::session& session, std::string_view kind,
                              std::string_view payload, const JobOptions& options,
                              std::optional<std::chrono::seconds> lease) {
    if (kind.empty() || kind.size() > max_kind_length) {
        throw std::invalid_argument(
            fmt::format("a job kind has 1 to {} characters, got '{}'", max_kind_length, kind));
    }
    if (options.max_attempts < 1) {
        throw std::invalid_argument("a job needs at least one attempt, got max_attempts " +
                                    std::to_string(options.max_attempts));
    }
    const auto& dialect = database_.dialect();
    const auto now = sdk::Timestamp::now();
    return db::insert_returning_id(
        session,
        "INSERT INTO rapport_jobs (kind, payload, state, attempts, max_attempts, run_at, "
        "lease_until, created_at) VALUES (:kind, :payload, :state, :attempts, :max, :run_at, "
        ":lease, :now)",
        {std::string(kind), std::string(payload),
         state_name(lease ? JobState::running : JobState::pending),
         static_cast<long long>(lease ? 1 : 0), static_cast<long long>(options.max_attempts),
         dialect.timestamp_value(options.run_at),
         lease ? dialect.timestamp_value(after(now, *lease)) : db::SqlValue{},
         dialect.timestamp_value(now)});
}

std::vector<Job> JobQueue::claim(std::size_t max, std::chrono::seconds lease) {
    std::vector<Job> jobs;
    if (max == 0) {
        return jobs;
    }
    const auto& dialect = database_.dialect();
    const auto now = sdk::Timestamp::now();
    const auto now_value = dialect.timestamp_value(now);
    const auto lease_value = dialect.timestamp_value(after(now, lease));
    const auto take = [&](soci::session& session, std::string_view candidates, std::size_t limit) {
        const auto rows = db::query(
            session,
            fmt::format("UPDATE rapport_jobs SET state = 'running', attempts = attempts + 1, "
                        "lease_until = :lease WHERE id IN (SELECT id FROM rapport_jobs WHERE {} "
                        "LIMIT :limit{}) RETURNING id, kind, payload, attempts",
                        candidates, dialect.for_update_skip_locked()),
            {lease_value, now_value, sql_integer(limit)});
        for (const auto& row : rows) {
            jobs.push_back({db::as_integer(row.at(0)), db::as_text(row.at(1)),
                            db::as_text(row.at(2)),
                            static_cast<int>(db::as_integer(row.at(3))) - 1});
        }
    };
    database_.write_transaction([&](soci::session& session) {
        // A job whose process died during its last attempt is not run again: it may be what
        // killed the process.
        db::execute(session,
                    fmt::format("UPDATE rapport_jobs SET state = 'dead', lease_until = NULL, "
                                "finished_at = :now, last_error = :error WHERE id IN (SELECT id "
                                "FROM rapport_jobs WHERE state = 'running' AND lease_until <= "
                                ":expired AND attempts >= max_attempts{})",
                                dialect.for_update_skip_locked()),
                    {now_value, std::string("the lease of the last attempt expired"), now_value});
        // Jobs whose process died mid-run come first: they have waited longest. Then pending
        // ones in run_at order, which the (state, run_at) index gives without sorting.
        take(session, "state = 'running' AND lease_until <= :now AND attempts < max_attempts", max);
        if (jobs.size() < max) {
            take(session, "state = 'pending' AND run_at <= :now ORDER BY run_at",
                 max - jobs.size());
        }
    });
    return jobs;
}

void JobQueue::finish(const std::vector<Outcome>& outcomes,
                      const std::function<void(soci::session&)>& also) {
    if (outcomes.empty()) {
        return;
    }
    const auto& dialect = database_.dialect();
    const auto now = sdk::Timestamp::now();
    const auto now_value = dialect.timestamp_value(now);
    std::vector<std::int64_t> succeeded;
    for (const Outcome& outcome : outcomes) {
        if (!outcome.error) {
            succeeded.push_back(outcome.id);
        }
    }
    database_.write_transaction([&](soci::session& session) {
        if (also) {
            also(session);
        }
        if (!succeeded.empty()) {
            db::execute(session,
                        "UPDATE rapport_jobs SET state = 'done', lease_until = NULL, finished_at = "
                        ":now WHERE " +
                            dialect.in_integers("id", ":ids") + " AND state = 'running'",
                        {now_value, dialect.integers_value(succeeded)});
        }
        for (const Outcome& outcome : outcomes) {
            if (outcome.error) {
                record_failure(session, outcome.id, *outcome.error, now);
            }
        }
    });
}

void JobQueue::record_failure(soci::session& session, std::int64_t id, const std::string& error,
                              sdk::Timestamp now) {
    const auto& dialect = database_.dialect();
    const auto rows = db::query(session,
                                fmt::format("SELECT attempts, max_attempts FROM rapport_jobs "
                                            "WHERE id = :id AND state = 'running'{}",
                                            dialect.for_update()),
                                {static_cast<long long>(id)});
    if (rows.empty()) {
        return;
    }
    const auto attempts = db::as_integer(rows.front().at(0));
    if (attempts >= db::as_integer(rows.front().at(1))) {
        db::execute(session,
                    "UPDATE rapport_jobs SET state = 'dead', lease_until = NULL, "
                    "finished_at = :now, last_error = :error WHERE id = :id",
                    {dialect.timestamp_value(now), error, static_cast<long long>(id)});
    } else {
        const auto retry_at = after(now, retry_delay(static_cast<int>(attempts)));
        db::execute(session,
                    "UPDATE rapport_jobs SET state = 'pending', lease_until = NULL, "
                    "run_at = :run_at, last_error = :error WHERE id = :id",
                    {dialect.timestamp_value(retry_at), error, static_cast<long long>(id)});
    }
}

void JobQueue::renew(const std::vector<std::int64_t>& ids, std::chrono::seconds lease) {
    update_running(ids, "lease_until = :at", after(sdk::Timestamp::now(), lease));
}

void JobQueue::release(const std::vector<std::int64_t>& ids) {
    update_running(ids,
                   "state = 'pending', attempts = attempts - 1, lease_until = NULL, run_at = :at",
                   sdk::Timestamp::now());
}

void JobQueue::update_running(const std::vector<std::int64_t>& ids, std::string_view assignments,
                              sdk::Timestamp at) {
    if (ids.empty()) {
        return;
    }
    const auto& dialect = database_.dialect();
    database_.write_transaction([&](soci::session& session) {
        db::execute(session,
                    fmt::format("UPDATE rapport_jobs SET {} WHERE {} AND state = 'running'",
                                assignments, dialect.in_integers("id", ":ids")),
                    {dialect.timestamp_value(at), dialect.integers_value(ids)});
    });
}

std::size_t JobQueue::purge_done(sdk::Timestamp before, std::size_t most) {
    const auto& dialect = database_.dialect();
    std::size_t deleted = 0;
    database_.write_transaction([&](soci::session& session) {
        deleted = db::query(session,
                            fmt::format("DELETE FROM rapport_jobs WHERE id IN (SELECT id FROM "
                                        "rapport_jobs WHERE state = 'done' AND finished_at < "
                                        ":before ORDER BY id LIMIT :most{}) RETURNING id",
                                        dialect.for_update_skip_locked()),
                            {dialect.timestamp_value(before), sql_integer(most)})
                      .size();
    });
    return deleted;
}

std::chrono::seconds JobQueue::retry_delay(int attempts_made) {
    constexpr std::chrono::seconds first{2};
    constexpr std::chrono::seconds longest{3600};
    // 2 s doubled 11 times is past an hour; stopping there also keeps the shift in range.
    const int doublings = std::clamp(attempts_made - 1, 0, 11);
    return std::min(first * (1 << doublings), longest);
}

std::vector<JobInfo> JobQueue::list(std::optional<JobState> state, std::optional<std::string> kind,
                                    std::size_t limit) {
    const auto& dialect = database_.dialect();
    std::string sql = fmt::format(
        "SELECT id, kind, payload, state, attempts, max_attempts, {}, last_error FROM rapport_jobs",
        dialect.timestamp_select("run_at"));
    std::vector<db::SqlValue> params;
    if (state) {
        sql += " WHERE state = :state";
        params.emplace_back(state_name(*state));
    }
    if (kind) {
        sql += state ? " AND kind = :kind" : " WHERE kind = :kind";
        params.emplace_back(*kind);
    }
    sql += " ORDER BY id LIMIT :limit";
    params.emplace_back(sql_integer(limit));
    std::vector<JobInfo> jobs;
    database_.with_session([&](soci::session& session) {
        for (const auto& row : db::query(session, sql, params)) {
            jobs.push_back(
                {db::as_integer(row.at(0)), db::as_text(row.at(1)), db::as_text(row.at(2)),
                 parse_state(db::as_text(row.at(3))), static_cast<int>(db::as_integer(row.at(4))),
                 static_cast<int>(db::as_integer(row.at(5))),
                 *sdk::Timestamp::parse(db::as_text(row.at(6))),
                 db::is_null(row.at(7)) ? std::nullopt : std::optional(db::as_text(row.at(7)))});
        }
    });
    return jobs;
}

}  // namespace rapport::jobs
