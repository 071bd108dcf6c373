#include "jobs/job_runner.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <exception>
#include <map>
#include <stdexcept>
#include <utility>

namespace rapport::jobs {

JobRunner::JobRunner(JobQueue& queue, JobRunnerOptions options)
    : queue_(queue), options_(options) {}

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
        std::vector<std::optional<std::string>> errors;
        for (const Job& job : jobs) {
            try {
                handler(job);
                errors.emplace_back();
            } catch (...) {
                errors.emplace_back(failure_of(std::current_exception()));
            }
        }
        return errors;
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

void JobRunner::start() {
    if (!threads_.empty()) {
        throw std::logic_error("job runner started twice");
    }
    stopping_ = false;
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
    for (auto& thread : threads_) {
        thread.join();
    }
    threads_.clear();
}

void JobRunner::wake() noexcept {
    {
        const std::lock_guard lock(mutex_);
        woken_ = true;
    }
    signal_.notify_one();
}

void JobRunner::work() {
    for (;;) {
        std::vector<Job> jobs;
        try {
            jobs = queue_.claim(options_.batch, options_.lease);
        } catch (const std::exception& error) {
            spdlog::error("claiming jobs failed: {}", error.what());
        }
        if (!jobs.empty()) {
            try {
                queue_.finish(run(jobs));
            } catch (const std::exception& error) {
                spdlog::error(
                    "recording the outcome of {} job(s) failed, they run again when "
                    "their lease expires: {}",
                    jobs.size(), error.what());
            }
        }
        std::unique_lock lock(mutex_);
        // After a full batch more jobs are likely due: claim again at once.
        if (jobs.size() < options_.batch) {
            const bool woken = signal_.wait_for(lock, options_.poll_interval,
                                                [this] { return stopping_ || woken_; });
            woken_ = false;
            // Jobs committed one by one are gathered a moment, so that a batch shares its
            // claim, its handler's set-up and its outcome instead of paying for each.
            if (woken && !stopping_ && options_.gather.count() > 0) {
                signal_.wait_for(lock, options_.gather, [this] { return stopping_; });
            }
        }
        if (stopping_) {
            return;
        }
    }
}

std::vector<JobQueue::Outcome> JobRunner::run(const std::vector<Job>& jobs) const {
    std::map<std::string, std::vector<Job>> by_kind;
    for (const Job& job : jobs) {
        by_kind[job.kind].push_back(job);
    }
    std::vector<JobQueue::Outcome> outcomes;
    outcomes.reserve(jobs.size());
    for (const auto& [kind, batch] : by_kind) {
        std::vector<std::optional<std::string>> errors;
        const auto handler = handlers_.find(kind);
        if (handler == handlers_.end()) {
            errors.assign(batch.size(), "no handler for job kind " + kind);
        } else {
            try {
                errors = handler->second(batch);
            } catch (...) {
                errors.assign(batch.size(), failure_of(std::current_exception()));
            }
            errors.resize(batch.size(), "the batch handler gave no outcome for this job");
        }
        for (std::size_t i = 0; i < batch.size(); ++i) {
            outcomes.push_back({batch[i].id, std::move(errors[i])});
        }
    }
    return outcomes;
}

}  // namespace rapport::jobs
