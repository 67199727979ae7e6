// Scheduler::crawl_now (`newswatch crawl`) and reset_backoff (a host answered
// again). Intervals are an hour, so nothing fires on its own during a test: each
// assertion waits for an event (bounded by a generous guard), never for a time.
#include "crawler/scheduler.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

using std::chrono::hours;
using std::chrono::minutes;

/// Runs `io` until `done()` holds; the guard only stops a hang.
bool run_until(boost::asio::io_context& io, const std::function<bool()>& done) {
  const auto guard = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (!done() && std::chrono::steady_clock::now() < guard) {
    io.restart();
    io.run_for(std::chrono::milliseconds(20));
  }
  return done();
}

TEST(SchedulerCrawlNow, WaitingSite_RunsThroughOnDue_AtOnce) {
  boost::asio::io_context io;
  std::vector<std::string> fired;
  Scheduler scheduler(io, hours(1), [&](const std::string& site) { fired.push_back(site); });
  const WallTime in_an_hour = std::chrono::system_clock::now() + hours(1);
  scheduler.add("a", hours(1), Millis(0), in_an_hour);
  scheduler.add("b", hours(1), Millis(0), in_an_hour);
  EXPECT_EQ(scheduler.crawl_now("a"), Scheduler::NowResult::queued);
  ASSERT_TRUE(run_until(io, [&] { return !fired.empty(); }));
  EXPECT_EQ(fired, std::vector<std::string>{"a"});
  EXPECT_TRUE(scheduler.in_flight("a"));
  EXPECT_TRUE(scheduler.next_due("b")) << "b keeps its own time";
}

TEST(SchedulerCrawlNow, SiteInFlight_IsNotStartedTwice) {
  boost::asio::io_context io;
  int runs = 0;
  Scheduler scheduler(io, hours(1), [&](const std::string&) { ++runs; });  // never calls done(): stays in flight
  scheduler.add("a", hours(1), Millis(0));
  ASSERT_TRUE(run_until(io, [&] { return runs == 1; }));
  EXPECT_EQ(scheduler.crawl_now("a"), Scheduler::NowResult::in_flight);
  io.restart();
  io.poll();
  EXPECT_EQ(runs, 1);
}

TEST(SchedulerCrawlNow, UnknownSite_IsSaidSo) {
  boost::asio::io_context io;
  Scheduler scheduler(io, hours(1), [](const std::string&) {});
  EXPECT_EQ(scheduler.crawl_now("nope"), Scheduler::NowResult::unknown);
}

TEST(SchedulerResetBackoff, FailedSite_IsDueOnItsIntervalAfterItsLastStart) {
  boost::asio::io_context io;
  Scheduler* self = nullptr;
  int runs = 0;
  Scheduler scheduler(
      io, hours(24),
      [&](const std::string& site) {
        ++runs;
        boost::asio::post(io, [&, site] { self->done(site, CrawlVerdict{false, std::nullopt}); });
      },
      [] { return 0.999; });
  self = &scheduler;
  scheduler.add("a", hours(1), Millis(0), std::nullopt, 3);  // three failures stored before this one
  ASSERT_TRUE(run_until(io, [&] { return runs == 1 && scheduler.next_due("a"); }));
  ASSERT_EQ(scheduler.failures("a"), 4);
  EXPECT_GT(*scheduler.next_due("a"), std::chrono::system_clock::now() + hours(15)) << "backed off ~16h";
  auto next_in = scheduler.reset_backoff("a");
  ASSERT_TRUE(next_in);
  EXPECT_GT(*next_in, minutes(55));
  EXPECT_LE(*next_in, hours(1));
  EXPECT_EQ(scheduler.failures("a"), 0);
  EXPECT_LT(*scheduler.next_due("a"), std::chrono::system_clock::now() + hours(1) + minutes(1));
}

TEST(SchedulerResetBackoff, RestoredFailingSite_WithNoStartSeen_IsDueNow) {
  boost::asio::io_context io;
  std::vector<std::string> fired;
  Scheduler scheduler(io, hours(24), [&](const std::string& site) { fired.push_back(site); });
  scheduler.add("a", hours(1), Millis(0), std::chrono::system_clock::now() + hours(20), 6);
  auto next_in = scheduler.reset_backoff("a");
  ASSERT_TRUE(next_in);
  EXPECT_EQ(*next_in, Millis(0));
  ASSERT_TRUE(run_until(io, [&] { return !fired.empty(); }));
}

TEST(SchedulerResetBackoff, HealthyOrInFlightSite_IsLeftAlone) {
  boost::asio::io_context io;
  int runs = 0;
  Scheduler scheduler(io, hours(24), [&](const std::string&) { ++runs; });
  const WallTime later = std::chrono::system_clock::now() + hours(1);
  scheduler.add("healthy", hours(1), Millis(0), later);
  EXPECT_FALSE(scheduler.reset_backoff("healthy"));
  EXPECT_FALSE(scheduler.reset_backoff("unknown"));
  scheduler.add("busy", hours(1), Millis(0), std::nullopt, 2);
  ASSERT_TRUE(run_until(io, [&] { return runs == 1; }));
  EXPECT_FALSE(scheduler.reset_backoff("busy")) << "in flight: its own done() decides";
  EXPECT_EQ(scheduler.failures("busy"), 2);
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
