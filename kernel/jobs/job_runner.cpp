#include "jobs/job_runner.hpp"

#include "db/database.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <exception>
#include <iterator>
#include <map>
#include <stdexcept>
#include <utility>

namespace rapport::jobs {

JobRunner::JobRunner(JobQueue& queue, JobRunnerOptions options) : queue_(queue), options_(options) {
    purges_.emplace_back([this](sdk::Timestamp before, std::size_t most) {
        return queue_.purge_done(before, most);
    });
}

JobRunner::~JobRunner() {
    stop();
}

namespace {

// What a failed attempt records.
std::string failure_of(std::exception_ptr thrown) {
    try {
        std::rethrow_exception(thrown);
    } catch (const std::exception& error) {
        return error.what();
    } catch (...) {
        // Recorded as the attempt's failure like any other, rather than ending the thread.
        return "the handler threw something that is not a std::exception";
    }
}

}  // namespace

void JobRunner::handle(std::string kind, Handler handler) {
    handle_batch(std::move(kind), [handler = std::move(handler)](const std::vector<Job>& jobs) {
        BatchOutcome outcome;
        for (const Job& job : jobs) {
            try {
                handler(job);
                outcome.errors.emplace_back();
            } catch (...) {
                outcome.errors.emplace_back(failure_of(std::current_exception()));
            }
        }
        return outcome;
    });
}

void JobRunner::handle_batch(std::string kind, BatchHandler handler) {
    if (!threads_.empty()) {
        throw std::logic_error("job handler for " + kind + " registered after the runner started");
    }
    if (!handlers_.emplace(kind, std::move(handler)).second) {
        throw std::invalid_argument("job handler registered twice for kind " + kind);
    }
}

void JobRunner::purge_with_jobs(Purge purge) {
    if (!threads_.empty()) {
        throw std::logic_error("a purge registered after the runner started");
    }
    purges_.push_back(std::move(purge));
}

void JobRunner::start() {
    if (!threads_.empty()) {
        throw std::logic_error("job runner started twice");
    }
    {
        const std::lock_guard lock(mutex_);
        stopping_ = false;
        keeping_ = true;
        next_purge_ = Clock::now();
    }
    keeper_ = std::thread([this] { renew_leases(); });
    for (unsigned i = 0; i < std::max(1u, options_.threads); ++i) {
        threads_.emplace_back([this] { work(); });
    }
}

void JobRunner::stop() noexcept {
    {
        const std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    signal_.notify_all();
    batch_filled_.notify_all();
    for (auto& thread : threads_) {
        thread.join();
    }
    threads_.clear();
    // The batches the threads finished kept their leases until now.
    {
        const std::lock_guard lock(mutex_);
        keeping_ = false;
    }
    keeper_wake_.notify_all();
    if (keeper_.joinable()) {
        keeper_.join();
    }
    std::vector<std::int64_t> unstarted;
    {
        const std::lock_guard lock(mutex_);
        for (const Job& job : here_) {
            unstarted.push_back(job.id);
        }
        here_.clear();
        held_.clear();
    }
    release(unstarted);
}

void JobRunner::renew_leases() {
    const auto every = std::chrono::duration_cast<std::chrono::milliseconds>(options_.lease) / 3;
    std::unique_lock lock(mutex_);
    while (!keeper_wake_.wait_for(lock, every, [this] { return !keeping_; })) {
        const std::vector<std::int64_t> ids(held_.begin(), held_.end());
        lock.unlock();
        try {
            queue_.renew(ids, options_.lease);
        } catch (const std::exception& error) {
            spdlog::error("renewing the leases of {} job(s) failed, tried again in {} ms: {}",
                          ids.size(), every.count(), error.what());
        }
        lock.lock();
    }
}

void JobRunner::hold(const std::vector<Job>& jobs) {
    for (const Job& job : jobs) {
        held_.insert(job.id);
    }
}

void JobRunner::let_go(const std::vector<Job>& jobs) {
    for (const Job& job : jobs) {
        held_.erase(job.id);
    }
}

void JobRunner::release(const std::vector<std::int64_t>& ids) noexcept {
    try {
        queue_.release(ids);
    } catch (const std::exception& error) {
        spdlog::error("giving back {} job(s) failed, they run again when their lease expires: {}",
                      ids.size(), error.what());
    }
}

void JobRunner::wake() noexcept {
    {
        const std::lock_guard lock(mutex_);
        woken_ = true;
    }
    signal_.notify_one();
}

void JobRunner::enqueue(soci::session& session, std::string_view kind, std::string payload,
                        int max_attempts) {
    bool here = false;
    {
        const std::lock_guard lock(mutex_);
        here = !stopping_ && here_.size() < options_.backlog;
    }
    auto& database = queue_.database();
    if (!here) {
        queue_.enqueue(session, kind, payload, {sdk::Timestamp::now(), max_attempts});
        database.after_commit([this] { wake(); });
        return;
    }
    auto job =
        queue_.enqueue_claimed(session, kind, std::move(payload), options_.lease, max_attempts);
    database.after_commit([this, job = std::move(job)] { run_here(job); });
}

void JobRunner::run_here(Job job) {
    const std::int64_t id = job.id;
    std::size_t waiting = 0;
    {
        const std::lock_guard lock(mutex_);
        if (!stopping_) {
            held_.insert(id);
            here_.push_back(std::move(job));
            waiting = here_.size();
        }
    }
    if (waiting == 0) {  // stopped since: whoever starts next runs it
        release({id});
        return;
    }
    // The first job wakes a thread to gather a batch; a full batch ends the gathering.
    if (waiting == 1) {
        signal_.notify_one();
    }
    if (waiting % options_.batch == 0) {
        batch_filled_.notify_one();
    }
}

std::vector<Job> JobRunner::take_here(std::unique_lock<std::mutex>& lock) {
    std::vector<Job> jobs;
    if (gathering_ || here_.empty()) {
        return jobs;
    }
    // Jobs handed over one by one wait a moment for more, so that a batch shares its HTTP
    // round and its outcome's transaction instead of paying for each. Busy threads gather
    // too: taking whatever is there as soon as they are free would split the jobs into
    // batches of one or two under load. One thread gathers at a time.
    if (here_.size() < options_.batch && options_.gather.count() > 0) {
        gathering_ = true;
        batch_filled_.wait_for(lock, options_.gather,
                               [this] { return stopping_ || here_.size() >= options_.batch; });
        gathering_ = false;
        if (stopping_) {
            return jobs;
        }
    }
    while (!here_.empty() && jobs.size() < options_.batch) {
        jobs.push_back(std::move(here_.front()));
        here_.pop_front();
    }
    if (!here_.empty()) {
        signal_.notify_one();  // the next batch's gatherer
    }
    return jobs;
}

void JobRunner::work() {
    // The queue is read at start, at every poll, when woken for a job committed without a
    // hand-over, and at once again after a full claim. Jobs handed over need no claim.
    auto next_claim = Clock::now();
    for (;;) {
        std::vector<Job> jobs;
        bool claim = false;
        bool purge = false;
        {
            std::unique_lock lock(mutex_);
            if (stopping_) {
                return;
            }
            jobs = take_here(lock);
            if (stopping_) {  // stopped while gathering: stop() gives the jobs back
                return;
            }
            claim = woken_ || Clock::now() >= next_claim;
            woken_ = woken_ && !claim;
            purge = purge_due();
        }
        if (claim && jobs.size() < options_.batch) {
            const std::size_t wanted = options_.batch - jobs.size();
            next_claim = Clock::now() + options_.poll_interval;
            try {
                auto claimed = queue_.claim(wanted, options_.lease);
                next_claim = claimed.size() == wanted ? Clock::now() : next_claim;
                {
                    const std::lock_guard lock(mutex_);
                    hold(claimed);
                }
                std::move(claimed.begin(), claimed.end(), std::back_inserter(jobs));
            } catch (const std::exception& error) {
                spdlog::error("claiming jobs failed: {}", error.what());
            }
        }
        if (!jobs.empty()) {
            finish(jobs);
        }
        if (purge) {
            purge_done();
        }
        std::unique_lock lock(mutex_);
        if (stopping_) {
            return;
        }
        if (!handed_over_ready() && !woken_ && Clock::now() < next_claim) {
            signal_.wait_until(lock, next_claim,
                               [this] { return stopping_ || woken_ || handed_over_ready(); });
        }
        if (stopping_) {
            return;
        }
    }
}

bool JobRunner::handed_over_ready() const {
    return !here_.empty() && !gathering_;
}

bool JobRunner::purge_due() {
    const auto now = Clock::now();
    if (options_.keep_done.count() == 0 || now < next_purge_) {
        return false;
    }
    next_purge_ = now + options_.purge_interval;
    return true;
}

void JobRunner::purge_done() noexcept {
    // Short transactions, so that writers never wait long behind a purge.
    constexpr std::size_t chunk = 1000;
    const sdk::Timestamp before(sdk::Timestamp::now().time_point() - options_.keep_done);
    for (const auto& purge : purges_) {
        std::size_t total = 0;
        try {
            for (std::size_t deleted = chunk; deleted == chunk;) {
                {
                    const std::lock_guard lock(mutex_);
                    if (stopping_) {
                        return;
                    }
                }
                deleted = purge(before, chunk);
                total += deleted;
            }
        } catch (const std::exception& error) {
            spdlog::error("deleting old jobs or their logs failed, tried again later: {}",
                          error.what());
        }
        if (total > 0) {
            spdlog::info("deleted {} done job(s) or log row(s) from before {}", total,
                         before.to_rfc3339());
        }
    }
}

void JobRunner::finish(const std::vector<Job>& jobs) {
    const auto [outcomes, records] = run(jobs);
    try {
        queue_.finish(outcomes, [&records](soci::session& session) {
            for (const auto& record : records) {
                record(session);
            }
        });
    } catch (const std::exception& error) {
        spdlog::error(
            "recording the outcome of {} job(s) failed, they run again when their lease "
            "expires: {}",
            jobs.size(), error.what());
    }
    const std::lock_guard lock(mutex_);
    let_go(jobs);
}

JobRunner::Outcomes JobRunner::run(const std::vector<Job>& jobs) const {
    std::map<std::string, std::vector<Job>> by_kind;
    for (const Job& job : jobs) {
        by_kind[job.kind].push_back(job);
    }
    Outcomes result;
    result.outcomes.reserve(jobs.size());
    for (const auto& [kind, batch] : by_kind) {
        BatchOutcome outcome;
        const auto handler = handlers_.find(kind);
        if (handler == handlers_.end()) {
            outcome.errors.assign(batch.size(), "no handler for job kind " + kind);
        } else {
            try {
                outcome = handler->second(batch);
            } catch (...) {
                outcome = {std::vector<std::optional<std::string>>(
                               batch.size(), failure_of(std::current_exception())),
                           {}};
            }
            outcome.errors.resize(batch.size(), "the batch handler gave no outcome for this job");
        }
        for (std::size_t i = 0; i < batch.size(); ++i) {
            result.outcomes.push_back({batch[i].id, std::move(outcome.errors[i])});
        }
        if (outcome.record) {
            result.records.push_back(std::move(outcome.record));
        }
    }
    return result;
}

}  // namespace rapport::jobs
