#include "jobs/job_queue.hpp"

#include "database_fixture.hpp"
#include "db/database.hpp"
#include "db/statement.hpp"
#include "jobs/job_runner.hpp"

#include <gmock/gmock.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <set>
#include <stdexcept>
#include <thread>

namespace rapport::jobs {
namespace {

using testing::DatabaseTest;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::SizeIs;

using namespace std::chrono_literals;

class JobQueueTest : public DatabaseTest {
  protected:
    JobQueueTest() {
        const std::array migrations{job_queue_migration()};
        db::apply_migrations(database(), migrations);
    }

    std::int64_t enqueue(std::string_view kind, std::string_view payload = "{}",
                         const JobOptions& options = {}) {
        std::int64_t id = 0;
        database().write_transaction(
            [&](soci::session& session) { id = queue.enqueue(session, kind, payload, options); });
        return id;
    }

    // Brings every retry forward to now, instead of waiting for its delay.
    void make_all_due() {
        database().write_transaction([&](soci::session& session) {
            db::execute(session, "UPDATE rapport_jobs SET run_at = :now",
                        {database().dialect().timestamp_value(sdk::Timestamp::now())});
        });
    }

    std::vector<JobInfo> jobs_in(JobState state) { return queue.list(state, std::nullopt, 1000); }

    JobInfo only_job() {
        const auto jobs = queue.list(std::nullopt, std::nullopt, 2);
        EXPECT_THAT(jobs, SizeIs(1));
        return jobs.at(0);
    }

    static std::vector<std::int64_t> ids_of(const std::vector<Job>& jobs) {
        std::vector<std::int64_t> ids;
        for (const Job& job : jobs) {
            ids.push_back(job.id);
        }
        std::sort(ids.begin(), ids.end());
        return ids;
    }

    // Polls until `done` holds; false when `timeout` passes first.
    static bool eventually(const std::function<bool()>& done,
                           std::chrono::milliseconds timeout = 10s) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (!done()) {
            if (std::chrono::steady_clock::now() > deadline) {
                return false;
            }
            std::this_thread::sleep_for(10ms);
        }
        return true;
    }

    JobQueue queue{database()};
};

TEST_P(JobQueueTest, EnqueueInATransactionThatThrows_LeavesNoJob) {
    EXPECT_THROW(database().write_transaction([&](soci::session& session) {
        queue.enqueue(session, "webhook", "{}");
        throw std::runtime_error("the change that made the job failed");
    }),
                 std::runtime_error);

    EXPECT_THAT(queue.list(std::nullopt, std::nullopt, 10), IsEmpty());
    EXPECT_THAT(queue.claim(10, 60s), IsEmpty());
}

TEST_P(JobQueueTest, ACommittedJob_IsClaimable) {
    const auto id = enqueue("webhook", R"({"url":"https://example.com"})");

    const auto jobs = queue.claim(10, 60s);

    ASSERT_THAT(jobs, SizeIs(1));
    EXPECT_EQ(jobs[0].id, id);
    EXPECT_EQ(jobs[0].kind, "webhook");
    EXPECT_EQ(jobs[0].payload, R"({"url":"https://example.com"})");
    EXPECT_EQ(jobs[0].attempts, 0);
    EXPECT_EQ(only_job().state, JobState::running);
}

TEST_P(JobQueueTest, AClaimedJob_IsNotClaimedAgainWhileItsLeaseLasts) {
    enqueue("webhook");
    ASSERT_THAT(queue.claim(10, 60s), SizeIs(1));

    EXPECT_THAT(queue.claim(10, 60s), IsEmpty());
}

TEST_P(JobQueueTest, AJobNotYetDue_IsNotClaimed) {
    enqueue("reminder", "{}", {.run_at = sdk::Timestamp(sdk::Timestamp::now().time_point() + 1h)});

    EXPECT_THAT(queue.claim(10, 60s), IsEmpty());
    EXPECT_EQ(only_job().state, JobState::pending);
}

TEST_P(JobQueueTest, Claim_TakesAtMostMaxJobsInRunAtOrder) {
    const auto now = sdk::Timestamp::now().time_point();
    const auto late = enqueue("webhook", "{}", {.run_at = sdk::Timestamp(now - 1s)});
    const auto early = enqueue("webhook", "{}", {.run_at = sdk::Timestamp(now - 3s)});
    const auto middle = enqueue("webhook", "{}", {.run_at = sdk::Timestamp(now - 2s)});

    EXPECT_THAT(ids_of(queue.claim(2, 60s)),
                ElementsAre(std::min(early, middle), std::max(early, middle)));
    EXPECT_THAT(ids_of(queue.claim(2, 60s)), ElementsAre(late));
}

TEST_P(JobQueueTest, ASucceededJob_IsDone) {
    const auto id = enqueue("webhook");
    queue.claim(10, 60s);

    queue.finish({{id, std::nullopt}});

    EXPECT_EQ(only_job().state, JobState::done);
    EXPECT_THAT(queue.claim(10, 60s), IsEmpty());
}

TEST_P(JobQueueTest, AFailedJob_IsPendingAgainAndRetriedWithinFiveSeconds) {
    const auto id = enqueue("webhook");
    queue.claim(10, 60s);
    const auto failed_at = sdk::Timestamp::now();

    queue.finish({{id, "503 Service Unavailable"}});

    const auto job = only_job();
    EXPECT_EQ(job.state, JobState::pending);
    EXPECT_EQ(job.attempts, 1);
    EXPECT_EQ(job.last_error, "503 Service Unavailable");
    EXPECT_GT(job.run_at, failed_at);
    EXPECT_LE(job.run_at.time_point(), failed_at.time_point() + 5s);
    EXPECT_THAT(queue.claim(10, 60s), IsEmpty());
}

TEST_P(JobQueueTest, AJobThatFailsItsLastAttempt_IsDeadWithTheError) {
    const auto id = enqueue("webhook", "{}", {.max_attempts = 2});
    queue.claim(10, 60s);
    queue.finish({{id, "timeout"}});
    make_all_due();
    const auto retry = queue.claim(10, 60s);
    ASSERT_THAT(retry, SizeIs(1));
    EXPECT_EQ(retry[0].attempts, 1);

    queue.finish({{id, "404 Not Found"}});

    const auto job = only_job();
    EXPECT_EQ(job.state, JobState::dead);
    EXPECT_EQ(job.attempts, 2);
    EXPECT_EQ(job.last_error, "404 Not Found");
    make_all_due();
    EXPECT_THAT(queue.claim(10, 60s), IsEmpty());
}

TEST_P(JobQueueTest, AnOutcomeForAJobNoLongerRunning_IsIgnored) {
    const auto id = enqueue("webhook");
    queue.claim(10, 60s);
    queue.finish({{id, std::nullopt}});

    queue.finish({{id, "a late report from a lost lease"}});

    EXPECT_EQ(only_job().state, JobState::done);
}

TEST_P(JobQueueTest, AnExpiredLease_MakesARunningJobClaimableAgain) {
    const auto id = enqueue("webhook");
    ASSERT_THAT(queue.claim(10, 0s), SizeIs(1));  // its process dies without finishing

    const auto again = queue.claim(10, 60s);

    ASSERT_THAT(again, SizeIs(1));
    EXPECT_EQ(again[0].id, id);
    EXPECT_EQ(again[0].attempts, 1);
}

TEST_P(JobQueueTest, ARenewedLease_KeepsARunningJobFromOtherClaimers) {
    enqueue("webhook");
    const auto claimed = queue.claim(10, 0s);
    ASSERT_THAT(claimed, SizeIs(1));

    queue.renew(ids_of(claimed), 60s);

    EXPECT_THAT(queue.claim(10, 60s), IsEmpty());
}

TEST_P(JobQueueTest, Renew_LeavesJobsThatAreNoLongerRunningAlone) {
    enqueue("webhook");
    const auto claimed = queue.claim(10, 60s);
    queue.finish({{claimed.at(0).id, std::nullopt}});

    queue.renew(ids_of(claimed), 60s);

    EXPECT_EQ(only_job().state, JobState::done);
}

TEST_P(JobQueueTest, AnExpiredLeaseOnTheLastAttempt_MakesTheJobDead) {
    enqueue("webhook", "{}", {.max_attempts = 1});
    ASSERT_THAT(queue.claim(10, 0s), SizeIs(1));

    EXPECT_THAT(queue.claim(10, 60s), IsEmpty());

    const auto job = only_job();
    EXPECT_EQ(job.state, JobState::dead);
    EXPECT_EQ(job.last_error, "the lease of the last attempt expired");
}

TEST_P(JobQueueTest, List_FiltersByStateAndKind) {
    const auto reminder = enqueue("reminder");
    const auto webhook = enqueue("webhook");
    enqueue("webhook", "{}", {.run_at = sdk::Timestamp(sdk::Timestamp::now().time_point() + 1h)});
    queue.claim(2, 60s);

    const auto running_webhooks = queue.list(JobState::running, "webhook", 10);
    ASSERT_THAT(running_webhooks, SizeIs(1));
    EXPECT_EQ(running_webhooks[0].id, webhook);
    EXPECT_THAT(queue.list(JobState::running, std::nullopt, 10), SizeIs(2));
    EXPECT_THAT(queue.list(std::nullopt, "reminder", 10), SizeIs(1));
    EXPECT_EQ(queue.list(std::nullopt, "reminder", 10).at(0).id, reminder);
    EXPECT_THAT(queue.list(std::nullopt, std::nullopt, 2), SizeIs(2));
}

// Two servers on the same database, each claiming in batches as fast as it can.
TEST_P(JobQueueTest, ConcurrentClaimers_NeverGetTheSameJob) {
    constexpr int job_count = 200;
    std::set<std::int64_t> enqueued;
    database().write_transaction([&](soci::session& session) {
        for (int i = 0; i < job_count; ++i) {
            enqueued.insert(queue.enqueue(session, "webhook", "{}"));
        }
    });
    auto second_server = open_again();
    JobQueue second_queue(*second_server);
    std::array<std::vector<std::int64_t>, 2> claimed;
    const auto claim_all = [](JobQueue& from, std::vector<std::int64_t>& ids) {
        while (true) {
            const auto jobs = from.claim(7, 60s);
            if (jobs.empty()) {
                return;
            }
            for (const Job& job : jobs) {
                ids.push_back(job.id);
            }
        }
    };

    std::thread first([&] { claim_all(queue, claimed[0]); });
    std::thread second([&] { claim_all(second_queue, claimed[1]); });
    first.join();
    second.join();

    std::multiset<std::int64_t> all(claimed[0].begin(), claimed[0].end());
    all.insert(claimed[1].begin(), claimed[1].end());
    EXPECT_EQ(all.size(), enqueued.size()) << "a job was claimed twice";
    EXPECT_EQ(std::set<std::int64_t>(all.begin(), all.end()), enqueued);
}

TEST_P(JobQueueTest, PurgeDone_DeletesDoneJobsThatFinishedBeforeTheCutoffOnly) {
    const auto old_done = enqueue("webhook");
    const auto older_done = enqueue("webhook");
    const auto recent_done = enqueue("webhook");
    const auto dead = enqueue("webhook", "{}", {sdk::Timestamp::now(), 1});
    queue.claim(10, 60s);
    queue.finish({{old_done, std::nullopt},
                  {older_done, std::nullopt},
                  {recent_done, std::nullopt},
                  {dead, "refused"}});
    const auto running = enqueue("webhook");
    queue.claim(10, 60s);
    const auto pending = enqueue("webhook");
    database().write_transaction([&](soci::session& session) {
        db::execute(session, "UPDATE rapport_jobs SET finished_at = :at",
                    {database().dialect().timestamp_value(
                        sdk::Timestamp(sdk::Timestamp::now().time_point() - 48h))});
        db::execute(session, "UPDATE rapport_jobs SET finished_at = :at WHERE id = :id",
                    {database().dialect().timestamp_value(sdk::Timestamp::now()),
                     static_cast<long long>(recent_done)});
    });
    const sdk::Timestamp a_day_ago(sdk::Timestamp::now().time_point() - 24h);

    EXPECT_EQ(queue.purge_done(a_day_ago, 1), 1u) << "at most `most` a call";
    EXPECT_EQ(queue.purge_done(a_day_ago, 1000), 1u);
    EXPECT_EQ(queue.purge_done(a_day_ago, 1000), 0u);

    std::vector<std::int64_t> left;
    for (const auto& job : queue.list(std::nullopt, std::nullopt, 100)) {
        left.push_back(job.id);
    }
    EXPECT_THAT(left, ElementsAre(recent_done, dead, running, pending));
}

TEST(JobQueueRetryDelay, StartsAtTwoSecondsAndDoublesUpToAnHour) {
    EXPECT_EQ(JobQueue::retry_delay(1), 2s);
    EXPECT_EQ(JobQueue::retry_delay(2), 4s);
    EXPECT_EQ(JobQueue::retry_delay(3), 8s);
    EXPECT_EQ(JobQueue::retry_delay(11), 2048s);
    EXPECT_EQ(JobQueue::retry_delay(12), 1h);
    EXPECT_EQ(JobQueue::retry_delay(1000), 1h);
}

class JobRunnerTest : public JobQueueTest {
  protected:
    static JobRunnerOptions fast_options() {
        return {.threads = 2, .batch = 50, .lease = 60s, .poll_interval = 20ms};
    }
};

TEST_P(JobRunnerTest, RunsTheHandlerOfEachJobsKind) {
    std::mutex mutex;
    std::multiset<std::string> seen;
    JobRunner runner(queue, fast_options());
    for (const std::string kind : {"reminder", "webhook"}) {
        runner.handle(kind, [&, kind](const Job& job) {
            const std::lock_guard lock(mutex);
            seen.insert(kind + " " + job.payload);
        });
    }
    enqueue("reminder", "1");
    enqueue("webhook", "2");
    enqueue("webhook", "3");

    runner.start();

    EXPECT_TRUE(eventually([&] { return jobs_in(JobState::done).size() == 3; }));
    runner.stop();
    EXPECT_THAT(seen, ElementsAre("reminder 1", "webhook 2", "webhook 3"));
}

TEST_P(JobRunnerTest, RetriesAJobWhoseHandlerThrew) {
    std::atomic<int> calls{0};
    JobRunner runner(queue, fast_options());
    runner.handle("webhook", [&](const Job& job) {
        if (++calls == 1) {
            EXPECT_EQ(job.attempts, 0);
            throw std::runtime_error("connection refused");
        }
        EXPECT_EQ(job.attempts, 1);
    });
    enqueue("webhook");

    runner.start();

    // The first retry comes after 2 s; the webhook contract allows 5.
    EXPECT_TRUE(eventually([&] { return jobs_in(JobState::done).size() == 1; }, 5s));
    EXPECT_EQ(calls, 2);
    EXPECT_EQ(only_job().last_error, "connection refused");
}

TEST_P(JobRunnerTest, ABatchHandlerGetsItsKindsJobsTogetherWithAnOutcomeEach) {
    std::atomic<std::size_t> largest{0};
    JobRunner runner(queue, {.threads = 1, .batch = 50, .lease = 60s, .poll_interval = 20ms});
    runner.handle_batch("webhook", [&](const std::vector<Job>& jobs) {
        largest = std::max(largest.load(), jobs.size());
        JobRunner::BatchOutcome outcome;
        for (const Job& job : jobs) {
            outcome.errors.push_back(job.payload == "bad" ? std::optional<std::string>("refused")
                                                          : std::nullopt);
        }
        return outcome;
    });
    for (int i = 0; i < 5; ++i) {
        enqueue("webhook", "good");
    }
    enqueue("webhook", "bad", {.max_attempts = 1});

    runner.start();

    EXPECT_TRUE(eventually([&] { return jobs_in(JobState::done).size() == 5; }));
    EXPECT_TRUE(eventually([&] { return jobs_in(JobState::dead).size() == 1; }));
    EXPECT_EQ(largest, 6U);  // one claim, one call
}

TEST_P(JobRunnerTest, AJobOfAKindWithoutAHandler_Fails) {
    JobRunner runner(queue, fast_options());
    enqueue("survey_invitation", "{}", {.max_attempts = 1});

    runner.start();

    EXPECT_TRUE(eventually([&] { return jobs_in(JobState::dead).size() == 1; }));
    EXPECT_EQ(only_job().last_error, "no handler for job kind survey_invitation");
}

TEST_P(JobRunnerTest, Wake_RunsANewJobWithoutWaitingForThePoll) {
    std::atomic<int> runs{0};
    JobRunner runner(queue, {.threads = 1, .poll_interval = 1h});
    runner.handle("webhook", [&](const Job&) { ++runs; });
    enqueue("webhook");
    runner.start();
    // The first claim, at start, ran the first job; the thread now sleeps until woken.
    ASSERT_TRUE(eventually([&] { return jobs_in(JobState::done).size() == 1; }));

    enqueue("webhook");
    runner.wake();

    EXPECT_TRUE(eventually([&] { return jobs_in(JobState::done).size() == 2; }, 2s));
    EXPECT_EQ(runs, 2);
}

TEST_P(JobRunnerTest, AJobLongerThanItsLease_KeepsItWhileItRunsAndRunsOnce) {
    std::atomic<int> runs{0};
    std::atomic<bool> finishing{false};
    // Renewed every third of a second; the handler takes three leases.
    JobRunner runner(queue, {.threads = 1, .lease = 1s, .poll_interval = 20ms});
    runner.handle("webhook", [&](const Job&) {
        ++runs;
        std::this_thread::sleep_for(3s);
        finishing = true;
    });
    enqueue("webhook");
    runner.start();
    ASSERT_TRUE(eventually([&] { return runs == 1; }));

    // Another process, claiming all along: the job is never its to take.
    JobQueue other{database()};
    while (!finishing) {
        EXPECT_THAT(other.claim(10, 60s), IsEmpty());
        std::this_thread::sleep_for(100ms);
    }
    ASSERT_TRUE(eventually([&] { return jobs_in(JobState::done).size() == 1; }));
    runner.stop();
    EXPECT_EQ(runs, 1);
}

TEST_P(JobRunnerTest, Stop_FinishesTheBatchItIsRunning) {
    std::atomic<bool> started{false};
    JobRunner runner(queue, fast_options());
    runner.handle("webhook", [&](const Job&) {
        started = true;
        std::this_thread::sleep_for(200ms);
    });
    enqueue("webhook");
    runner.start();
    ASSERT_TRUE(eventually([&] { return started.load(); }));

    runner.stop();

    EXPECT_EQ(only_job().state, JobState::done);
}

TEST_P(JobRunnerTest, Enqueue_RunsTheJobOnceItsTransactionCommitsWithoutAClaim) {
    std::atomic<int> runs{0};
    // Past the claim at start, only the hand-over can run the job: no poll, no wake.
    JobRunner runner(queue, {.threads = 1, .poll_interval = 1h});
    runner.handle("webhook", [&](const Job& job) {
        EXPECT_EQ(job.attempts, 0);
        EXPECT_EQ(job.payload, "handed over");
        ++runs;
    });
    runner.start();
    std::this_thread::sleep_for(50ms);  // the first claim has found nothing

    database().write_transaction([&](soci::session& session) {
        runner.enqueue(session, "webhook", "handed over", 3);
        EXPECT_EQ(runs, 0);  // not before the commit
    });

    EXPECT_TRUE(eventually([&] { return jobs_in(JobState::done).size() == 1; }, 2s));
    EXPECT_EQ(runs, 1);
    EXPECT_EQ(only_job().attempts, 1);
}

TEST_P(JobRunnerTest, Enqueue_JobsHandedOverWhileBusy_WaitForAFullBatch) {
    std::mutex mutex;
    std::vector<std::size_t> batches;
    std::atomic<bool> first_done{false};
    JobRunner runner(queue, {.threads = 1, .batch = 4, .poll_interval = 1h, .gather = 5s});
    const auto hand_over = [&] {
        database().write_transaction(
            [&](soci::session& session) { runner.enqueue(session, "webhook", "{}", 3); });
    };
    runner.handle_batch("webhook", [&](const std::vector<Job>& jobs) {
        {
            const std::lock_guard lock(mutex);
            batches.push_back(jobs.size());
        }
        if (!first_done) {
            // Two jobs come in while the thread is busy; two more once it is free again.
            hand_over();
            hand_over();
            first_done = true;
        }
        return JobRunner::BatchOutcome{std::vector<std::optional<std::string>>(jobs.size()), {}};
    });
    runner.start();
    for (int i = 0; i < 4; ++i) {
        hand_over();
    }
    ASSERT_TRUE(eventually([&] { return first_done.load(); }));
    std::this_thread::sleep_for(100ms);
    hand_over();
    hand_over();

    EXPECT_TRUE(eventually([&] { return jobs_in(JobState::done).size() == 8; }));
    runner.stop();
    const std::lock_guard lock(mutex);
    EXPECT_THAT(batches, ElementsAre(4, 4));
}

TEST_P(JobRunnerTest, Stop_WhileGathering_RunsNothingMoreAndGivesTheJobsBack) {
    std::atomic<int> runs{0};
    JobRunner runner(queue, {.threads = 1, .batch = 4, .poll_interval = 20ms, .gather = 5s});
    runner.handle("webhook", [&](const Job&) { ++runs; });
    runner.start();
    database().write_transaction(
        [&](soci::session& session) { runner.enqueue(session, "webhook", "{}", 3); });
    std::this_thread::sleep_for(100ms);  // the thread waits for three more
    enqueue("webhook");                  // due, but only claimed once the gathering ends

    const auto started = std::chrono::steady_clock::now();
    runner.stop();

    EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);
    EXPECT_EQ(runs, 0);
    EXPECT_THAT(jobs_in(JobState::pending), SizeIs(2));
}

TEST_P(JobRunnerTest, Enqueue_InATransactionThatRollsBack_LeavesNothingToRun) {
    std::atomic<int> runs{0};
    JobRunner runner(queue, fast_options());
    runner.handle("webhook", [&](const Job&) { ++runs; });
    runner.start();

    EXPECT_THROW(database().write_transaction([&](soci::session& session) {
        runner.enqueue(session, "webhook", "{}", 3);
        throw std::runtime_error("the change failed");
    }),
                 std::runtime_error);

    std::this_thread::sleep_for(100ms);
    EXPECT_EQ(runs, 0);
    EXPECT_THAT(queue.list(std::nullopt, std::nullopt, 10), IsEmpty());
}

TEST_P(JobRunnerTest, Enqueue_BeforeStart_LeavesAPendingJobForAnyClaimer) {
    JobRunner runner(queue, fast_options());

    database().write_transaction(
        [&](soci::session& session) { runner.enqueue(session, "webhook", "{}", 3); });

    EXPECT_EQ(only_job().state, JobState::pending);
    EXPECT_THAT(queue.claim(10, 60s), SizeIs(1));
}

TEST_P(JobRunnerTest, DoneJobsAreDeletedOnceTheyAreOlderThanKeepDone) {
    auto options = fast_options();
    options.keep_done = 1h;
    options.purge_interval = 20ms;
    JobRunner runner(queue, options);
    runner.handle("reminder", [](const Job&) {});
    std::atomic<std::int64_t> log_cut_off_age_s{-1};
    runner.purge_with_jobs([&](sdk::Timestamp before, std::size_t) -> std::size_t {
        log_cut_off_age_s = std::chrono::duration_cast<std::chrono::seconds>(
                                sdk::Timestamp::now().time_point() - before.time_point())
                                .count();
        return 0;
    });
    enqueue("reminder");
    runner.start();
    ASSERT_TRUE(eventually([&] { return jobs_in(JobState::done).size() == 1; }));
    std::this_thread::sleep_for(100ms);
    EXPECT_THAT(jobs_in(JobState::done), SizeIs(1)) << "finished less than keep_done ago";

    database().write_transaction([&](soci::session& session) {
        db::execute(session, "UPDATE rapport_jobs SET finished_at = :at",
                    {database().dialect().timestamp_value(
                        sdk::Timestamp(sdk::Timestamp::now().time_point() - 2h))});
    });

    EXPECT_TRUE(eventually([&] { return jobs_in(JobState::done).empty(); }));
    runner.stop();
    EXPECT_NEAR(log_cut_off_age_s.load(), 3600, 5) << "logs purged with the same cut-off";
}

TEST_P(JobRunnerTest, Stop_GivesBackHandedOverJobsItHadNotStarted) {
    std::atomic<bool> started{false};
    std::atomic<bool> release{false};
    JobRunner runner(queue, {.threads = 1, .batch = 1, .lease = 60s, .poll_interval = 1h});
    runner.handle("webhook", [&](const Job&) {
        started = true;
        while (!release) {
            std::this_thread::sleep_for(5ms);
        }
    });
    runner.start();
    const auto hand_over = [&] {
        database().write_transaction(
            [&](soci::session& session) { runner.enqueue(session, "webhook", "{}", 3); });
    };
    hand_over();
    ASSERT_TRUE(eventually([&] { return started.load(); }));
    hand_over();  // waits behind the first

    std::thread stopping([&] { runner.stop(); });
    std::this_thread::sleep_for(100ms);
    release = true;
    stopping.join();

    const auto jobs = queue.list(std::nullopt, std::nullopt, 10);
    ASSERT_THAT(jobs, SizeIs(2));
    EXPECT_EQ(jobs[0].state, JobState::done);
    EXPECT_EQ(jobs[1].state, JobState::pending);
    EXPECT_EQ(jobs[1].attempts, 0);
}

RAPPORT_INSTANTIATE_FOR_EVERY_BACKEND(JobQueueTest);
RAPPORT_INSTANTIATE_FOR_EVERY_BACKEND(JobRunnerTest);

}  // namespace
}  // namespace rapport::jobs
