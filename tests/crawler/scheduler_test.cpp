// Scheduler: the pure next-due table, and real timers on an io_context with short intervals.
// Timing asserts are lower bounds or generous windows: the machine is shared and noisy.
#include "crawler/scheduler.h"

#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

struct DueCase {
  const char* what;
  Millis interval, jitter;
  int failures;
  std::optional<seconds> retry_after;
  double rand01;
  Millis expected;
};

TEST(ComputeNextDue, Table) {
  const SteadyTime now = FakeClock().now();
  const DueCase cases[] = {
      {"success, no jitter", minutes(10), Millis(0), 0, std::nullopt, 0.7, minutes(10)},
      {"success, jitter low end", minutes(10), minutes(1), 0, std::nullopt, 0.0, minutes(10)},
      {"success, jitter mid", minutes(10), minutes(1), 0, std::nullopt, 0.5, seconds(630)},
      {"success, Retry-After floor", minutes(10), Millis(0), 0, hours(1), 0.0, hours(1)},
      {"first failure doubles (equal jitter low end)", minutes(10), minutes(1), 1, std::nullopt, 0.0, minutes(10)},
      {"first failure, high end", minutes(10), minutes(1), 1, std::nullopt, 0.999999, minutes(20)},
      {"many failures capped", minutes(10), minutes(1), 12, std::nullopt, 0.999999, hours(1)},
      {"failure honours Retry-After", minutes(10), Millis(0), 1, hours(2), 0.0, hours(2)},
  };
  for (const DueCase& c : cases) {
    const SteadyTime due = compute_next_due(now, c.interval, c.jitter, c.failures, c.retry_after, hours(1), c.rand01);
    EXPECT_NEAR(static_cast<double>(std::chrono::duration_cast<Millis>(due - now).count()),
                static_cast<double>(c.expected.count()), 2.0)
        << c.what;
  }
}

TEST(ComputeNextDue, SuccessJitter_OnlyAdds_WithinBounds) {
  for (double r = 0.0; r < 1.0; r += 0.05) {
    const Millis d = compute_next_delay(minutes(10), minutes(2), 0, std::nullopt, hours(1), r);
    EXPECT_GE(d, minutes(10));
    EXPECT_LE(d, minutes(12));
  }
}

TEST(ComputeNextDue, HugeInterval_SaturatesFarAhead_NeverWrapsIntoThePast) {
  const SteadyTime now = std::chrono::steady_clock::now();
  const Millis huge = std::chrono::duration_cast<Millis>(hours(24) * 1000000);  // interval = "1000000d"
  const Millis rows[][2] = {{huge, Millis(0)}, {huge, huge}, {Millis::max(), Millis::max()}};
  for (const auto& row : rows) {
    for (int failures : {0, 1, 40}) {
      const SteadyTime due = compute_next_due(now, row[0], row[1], failures, std::nullopt, Millis::max(), 0.99);
      EXPECT_GT(due, now + hours(24 * 30)) << "interval=" << row[0].count() << "ms failures=" << failures;
    }
  }
}

TEST(Scheduler, HugeInterval_CrawlsOnce_AndIsDueFarAhead) {
  boost::asio::io_context io;
  int runs = 0;
  Scheduler* self = nullptr;
  Scheduler scheduler(io, hours(1), [&](const std::string& site) {
    ++runs;
    boost::asio::post(io, [&, site] { self->done(site, {}); });
  });
  self = &scheduler;
  scheduler.add("a", std::chrono::duration_cast<Millis>(hours(24) * 1000000), Millis(0));
  io.run_for(milliseconds(300));
  EXPECT_EQ(runs, 1) << "an overflowing due time lands in the past and crawls in a loop";
  const auto due = scheduler.next_due("a");
  ASSERT_TRUE(due);
  EXPECT_GT(*due, std::chrono::system_clock::now() + hours(24 * 30));
}

TEST(Scheduler, ShortIntervals_FireRepeatedly_InDueOrder) {
  boost::asio::io_context io;
  std::vector<std::string> fired;
  Scheduler* self = nullptr;
  Scheduler scheduler(io, seconds(10), [&](const std::string& site) {
    fired.push_back(site);
    boost::asio::post(io, [&, site] { self->done(site, {}); });
  });
  self = &scheduler;
  const WallTime now = std::chrono::system_clock::now();
  scheduler.add("late", milliseconds(200), Millis(0), now + milliseconds(120));
  scheduler.add("early", milliseconds(200), Millis(0), now + milliseconds(20));
  io.run_for(milliseconds(700));
  ASSERT_GE(fired.size(), 2u);
  EXPECT_EQ(fired[0], "early");
  EXPECT_EQ(fired[1], "late");
  const auto count = [&](const char* s) { return std::count(fired.begin(), fired.end(), s); };
  // ~700ms at a 200ms period: 3-4 runs each; generous bounds for a busy machine.
  EXPECT_GE(count("early"), 2);
  EXPECT_LE(count("early"), 4);
  EXPECT_GE(count("late"), 2);
  EXPECT_LE(count("late"), 4);
}

TEST(Scheduler, PastStoredDueTime_RunsAtOnce_FutureOneIsHonoured) {
  boost::asio::io_context io;
  std::map<std::string, SteadyTime> first;
  Scheduler scheduler(io, seconds(10),
                      [&](const std::string& site) { first.try_emplace(site, std::chrono::steady_clock::now()); });
  const SteadyTime start = std::chrono::steady_clock::now();
  const WallTime now = std::chrono::system_clock::now();
  scheduler.add("overdue", minutes(10), Millis(0), now - hours(3));
  scheduler.add("future", minutes(10), Millis(0), now + milliseconds(300));
  scheduler.add("fresh", minutes(10), Millis(0));
  io.run_for(milliseconds(150));
  EXPECT_TRUE(first.count("overdue"));
  EXPECT_TRUE(first.count("fresh"));
  EXPECT_FALSE(first.count("future")) << "a restart must not re-crawl a site whose due time is still ahead";
  io.run_for(milliseconds(500));
  ASSERT_TRUE(first.count("future"));
  EXPECT_GE(first["future"] - start, milliseconds(290));
}

TEST(Scheduler, Defer_EndsTheRunWithoutACrawl_AndRunsAgainAtTheGivenTime) {
  boost::asio::io_context io;
  std::vector<SteadyTime> runs;
  Scheduler scheduler(io, seconds(10), [&](const std::string&) { runs.push_back(std::chrono::steady_clock::now()); });
  scheduler.add("leased-elsewhere", minutes(10), Millis(0));
  io.run_for(milliseconds(100));
  ASSERT_EQ(runs.size(), 1u);
  // The lease was refused: another process crawled the site; ask again when the store says it is due.
  scheduler.defer("leased-elsewhere", std::chrono::system_clock::now() + milliseconds(300), 2);
  EXPECT_FALSE(scheduler.in_flight("leased-elsewhere"));
  EXPECT_EQ(scheduler.failures("leased-elsewhere"), 2) << "the streak the store holds";
  const SteadyTime deferred = std::chrono::steady_clock::now();
  io.restart();  // the loop ran dry while the site was in flight
  io.run_for(milliseconds(1000));
  ASSERT_EQ(runs.size(), 2u) << "once at the given time, not at the interval";
  EXPECT_GE(runs[1] - deferred, milliseconds(290));
  scheduler.defer("leased-elsewhere", std::chrono::system_clock::now(), 0);  // in flight again: deferred at once
  io.restart();
  io.run_for(milliseconds(500));
  EXPECT_EQ(runs.size(), 3u);
}

TEST(Scheduler, SiteInFlight_IsNeverRunTwice) {
  boost::asio::io_context io;
  int runs = 0;
  Scheduler scheduler(io, seconds(10), [&](const std::string&) { ++runs; });  // never calls done()
  scheduler.add("slow", milliseconds(20), Millis(0));
  io.run_for(milliseconds(300));
  EXPECT_EQ(runs, 1);
  EXPECT_TRUE(scheduler.in_flight("slow"));
  EXPECT_FALSE(scheduler.next_due("slow"));
  scheduler.update("slow", milliseconds(10), Millis(0));  // a reload while in flight must not start another
  io.run_for(milliseconds(100));
  EXPECT_EQ(runs, 1);
}

TEST(Scheduler, Failures_BackOff_AndSuccessResets) {
  boost::asio::io_context io;
  std::vector<SteadyTime> runs;
  Scheduler* self = nullptr;
  Scheduler scheduler(
      io, seconds(10),
      [&](const std::string& site) {
        runs.push_back(std::chrono::steady_clock::now());
        // Two failures, then success.
        boost::asio::post(io, [&, site] { self->done(site, CrawlVerdict{runs.size() >= 3, std::nullopt}); });
      },
      [] { return 0.999; });  // top of the jitter range: delays are close to the base
  self = &scheduler;
  scheduler.add("flaky", milliseconds(50), Millis(0));
  io.run_for(milliseconds(800));
  ASSERT_GE(runs.size(), 4u);
  EXPECT_GE(runs[1] - runs[0], milliseconds(95));   // 1 failure: ~100ms
  EXPECT_GE(runs[2] - runs[1], milliseconds(195));  // 2 failures: ~200ms
  EXPECT_GE(runs[3] - runs[2], milliseconds(45));   // success: back to ~50ms
  EXPECT_LT(runs[3] - runs[2], milliseconds(150));
  EXPECT_EQ(scheduler.failures("flaky"), 0);
}

TEST(Scheduler, RetryAfter_IsAFloorOnTheNextRun) {
  boost::asio::io_context io;
  std::vector<SteadyTime> runs;
  Scheduler* self = nullptr;
  Scheduler scheduler(io, seconds(10), [&](const std::string& site) {
    runs.push_back(std::chrono::steady_clock::now());
    if (runs.size() == 1) boost::asio::post(io, [&, site] { self->done(site, CrawlVerdict{false, seconds(1)}); });
  });
  self = &scheduler;
  scheduler.add("limited", milliseconds(20), Millis(0));
  io.run_for(milliseconds(1500));
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_GE(runs[1] - runs[0], milliseconds(1000));
}

TEST(Scheduler, UpdateWithSameInterval_KeepsNextDue_RemoveAndStopSilenceTimers) {
  boost::asio::io_context io;
  int runs = 0;
  Scheduler scheduler(io, seconds(10), [&](const std::string&) { ++runs; });
  const WallTime due = std::chrono::system_clock::now() + hours(1);
  scheduler.add("a", minutes(10), Millis(0), due);
  scheduler.add("b", minutes(10), Millis(0));
  scheduler.add("c", minutes(10), Millis(0));
  const auto before = scheduler.next_due("a");
  scheduler.update("a", minutes(10), minutes(5));
  ASSERT_TRUE(before && scheduler.next_due("a"));
  EXPECT_LT(std::chrono::abs(*scheduler.next_due("a") - *before), seconds(1));
  scheduler.remove("b");
  EXPECT_FALSE(scheduler.next_due("b"));
  scheduler.stop();
  io.run_for(milliseconds(100));
  EXPECT_EQ(runs, 0);
  EXPECT_EQ(scheduler.size(), 2u);
}

TEST(Scheduler, UpdateWithShorterInterval_CountsFromLastStart) {
  boost::asio::io_context io;
  std::vector<SteadyTime> runs;
  Scheduler* self = nullptr;
  Scheduler scheduler(io, seconds(10), [&](const std::string& site) {
    runs.push_back(std::chrono::steady_clock::now());
    boost::asio::post(io, [&, site] { self->done(site, {}); });
  });
  self = &scheduler;
  scheduler.add("a", hours(1), Millis(0));
  io.run_for(milliseconds(50));
  ASSERT_EQ(runs.size(), 1u);
  scheduler.update("a", milliseconds(200), Millis(0));
  io.run_for(milliseconds(400));
  ASSERT_GE(runs.size(), 2u);
  EXPECT_GE(runs[1] - runs[0], milliseconds(195));
}

TEST(Scheduler, DestroyedWithPendingTimers_DoesNotCallBack) {
  boost::asio::io_context io;
  int runs = 0;
  {
    Scheduler scheduler(io, seconds(10), [&](const std::string&) { ++runs; });
    scheduler.add("a", minutes(1), Millis(0));
  }
  io.run_for(milliseconds(50));
  EXPECT_EQ(runs, 0);
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
