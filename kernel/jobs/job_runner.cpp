#include "jobs/job_runner.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace rapport::jobs {

JobRunner::JobRunner(JobQueue& queue, JobRunnerOptions options)
    : queue_(queue), options_(options) {}

JobRunner::~JobRunner() {
    stop();
}

void JobRunner::handle(std::string kind, Handler handler) {
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
            signal_.wait_for(lock, options_.poll_interval, [this] { return stopping_ || woken_; });
            woken_ = false;
        }
        if (stopping_) {
            return;
        }
    }
}

std::vector<JobQueue::Outcome> JobRunner::run(const std::vector<Job>& jobs) const {
    std::vector<JobQueue::Outcome> outcomes;
    outcomes.reserve(jobs.size());
    for (const Job& job : jobs) {
        outcomes.push_back({job.id, run(job)});
    }
    return outcomes;
}

std::optional<std::string> JobRunner::run(const Job& job) const {
    const auto handler = handlers_.find(job.kind);
    if (handler == handlers_.end()) {
        return "no handler for job kind " + job.kind;
    }
    try {
        handler->second(job);
    } catch (const std::exception& error) {
        return error.what();
    } catch (...) {
        // Recorded as the attempt's failure like any other, rather than ending the thread.
        return "the handler threw something that is not a std::exception";
    }
    return std::nullopt;
}

}  // namespace rapport::jobs
