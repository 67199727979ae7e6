// interval = "auto" and the server's own waits: the interval formula, Cache-Control
// freshness, the planned delay the crawler stores, and the scheduler taking a
// crawl's interval and max-age. One row per case; no clock but the parameter.
#include "crawler/adaptive_interval.h"

#include <string>

#include <gtest/gtest.h>
#include <boost/asio/io_context.hpp>

#include "crawler/freshness.h"
#include "crawler/scheduler.h"

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

constexpr std::int64_t k_now = 1'700'000'000;
constexpr std::int64_t k_day_s = 86400;

struct RateCase {
  const char* what;
  std::optional<std::int64_t> baseline_ago;  ///< seconds before now; nullopt: no items stored
  std::int64_t new_items;
  Seconds expected;
  const char* why;
};

TEST(AutoInterval, FollowsTheRateOfNewItems_WithinItsBounds) {
  const RateCase cases[] = {
      {"never crawled", std::nullopt, 0, minutes(5), "auto: no history yet → 5m (min)"},
      {"baseline this second", 0, 0, minutes(5), "auto: no history yet → 5m (min)"},
      {"14 a day for a day: a quarter of the 103m gap", k_day_s, 14, minutes(25), "auto: 14 new/day over 1d → 25m"},
      {"14 a day for a week", 30 * k_day_s, 98, minutes(25), "auto: 14 new/day over 7d → 25m"},
      {"weekly publisher", 30 * k_day_s, 1, hours(24), "auto: 0.1 new/day over 7d → 1d (max)"},
      {"silent for a week", 30 * k_day_s, 0, hours(24), "auto: 0 new/day over 7d → 1d (max)"},
      {"quiet for an hour: grows with the quiet", 3600, 0, minutes(15), "auto: 0 new/day over 1h → 15m"},
      {"quiet for four hours", 4 * 3600, 0, hours(1), "auto: 0 new/day over 4h → 1h"},
      {"a wire service", 2 * k_day_s, 2000, minutes(5), "auto: 1000 new/day over 2d → 5m (min)"},
      {"one item two days after the baseline", 2 * k_day_s, 1, hours(12), "auto: 0.5 new/day over 2d → 12h"},
  };
  for (const RateCase& c : cases) {
    SCOPED_TRACE(c.what);
    NewItemCount counts;
    if (c.baseline_ago) counts.baseline_at = k_now - *c.baseline_ago;
    counts.new_items = c.new_items;
    const AutoInterval chosen = auto_interval(counts, k_now, minutes(5), hours(24));
    EXPECT_EQ(chosen.interval, c.expected);
    EXPECT_EQ(describe(chosen), c.why);
  }
}

TEST(AutoInterval, MoreNewItems_NeverALongerInterval) {
  NewItemCount counts{k_now - 7 * k_day_s, 0};
  Seconds previous = hours(24 * 30);
  for (std::int64_t n = 0; n <= 5000; n += 7) {
    counts.new_items = n;
    const Seconds interval = auto_interval(counts, k_now, seconds(10), hours(24 * 30)).interval;
    EXPECT_LE(interval, previous) << n;
    previous = interval;
  }
}

TEST(AutoInterval, BoundsWin_EvenWhenMinExceedsMax) {
  const NewItemCount busy{k_now - k_day_s, 100000};
  EXPECT_EQ(auto_interval(busy, k_now, hours(1), hours(2)).interval, hours(1));
  const NewItemCount silent{k_now - 30 * k_day_s, 0};
  EXPECT_EQ(auto_interval(silent, k_now, hours(1), hours(2)).interval, hours(2));
  // The config refuses min > max; the formula still never goes below min.
  EXPECT_EQ(auto_interval(silent, k_now, hours(3), hours(2)).interval, hours(3));
}

struct FreshCase {
  const char* cache_control;
  const char* age;
  std::optional<Seconds> expected;
};

TEST(Freshness, MaxAgeLessAge_FromCacheControl) {
  const FreshCase cases[] = {
      {"max-age=300", "", seconds(300)},
      {"public, max-age=600", "100", seconds(500)},
      {"max-age=60", "120", seconds(0)},
      {"Public, MAX-AGE=\"90\"", "", seconds(90)},
      {"max-age=10, max-age=9999", "", seconds(10)},  // the first one counts
      {"no-cache=\"Set-Cookie\", max-age=60", "", seconds(60)},
      {"max-age=99999999999999999999999", "", seconds(365 * 86400)},  // saturates
      {"max-age=60", "garbage", seconds(60)},
      {"no-cache, max-age=600", "", std::nullopt},
      {"max-age=600, no-store", "", std::nullopt},
      {"s-maxage=600", "", std::nullopt},
      {"max-age=-5", "", std::nullopt},
      {"max-age=1e3", "", std::nullopt},
      {"max-age", "", std::nullopt},
      {"", "", std::nullopt},
      {",,, ,", "", std::nullopt},
  };
  for (const FreshCase& c : cases) {
    EXPECT_EQ(fresh_for(c.cache_control, c.age), c.expected) << c.cache_control << " / age " << c.age;
  }
}

TEST(Freshness, CappedAtMaxIntervalForAutoSites_AndADayOtherwise) {
  SiteConfig fixed;
  fixed.interval = minutes(10);
  EXPECT_EQ(fresh_for_site(fixed, "max-age=3600", ""), hours(1));
  EXPECT_EQ(fresh_for_site(fixed, "max-age=31536000", ""), k_max_age_ceiling);
  SiteConfig automatic;
  automatic.auto_interval = true;
  automatic.max_interval = hours(2);
  EXPECT_EQ(fresh_for_site(automatic, "max-age=31536000", ""), hours(2));
  EXPECT_EQ(fresh_for_site(automatic, "no-store", ""), std::nullopt);
}

struct PlanCase {
  const char* what;
  int failures;
  std::optional<seconds> retry_after, fresh;
  Millis expected;
};

TEST(PlannedDelay, IntervalBackoffRetryAfterAndMaxAge) {
  const PlanCase cases[] = {
      {"success", 0, std::nullopt, std::nullopt, minutes(10)},
      {"max-age beyond the interval", 0, std::nullopt, hours(1), hours(1)},
      {"max-age within the interval", 0, std::nullopt, minutes(1), minutes(10)},
      {"failure backs off, max-age of no answer ignored", 1, std::nullopt, hours(3), minutes(20)},
      {"503 Retry-After beyond the backoff", 1, hours(2), std::nullopt, hours(2)},
      {"absurd Retry-After is capped", 1, hours(24 * 400), std::nullopt, hours(24)},
  };
  for (const PlanCase& c : cases) {
    EXPECT_EQ(planned_delay(minutes(10), c.failures, hours(1), c.retry_after, c.fresh), c.expected) << c.what;
  }
}

// Runs handlers until `site` is in flight (a superseded wait completes first, as cancelled).
void until_in_flight(boost::asio::io_context& io, Scheduler& scheduler, const std::string& site) {
  io.restart();  // the last run_one() may have left it stopped, out of work
  while (!scheduler.in_flight(site) && io.run_one() > 0) {
  }
  ASSERT_TRUE(scheduler.in_flight(site));
}

// Adds `site` due now and fires it, so that done() has a crawl to end.
void start_crawl(boost::asio::io_context& io, Scheduler& scheduler, const std::string& site) {
  scheduler.add(site, minutes(5), Millis(0));
  until_in_flight(io, scheduler, site);
}

TEST(SchedulerVerdict, TakesTheAutoInterval_AndKeepsItForBackoff) {
  boost::asio::io_context io;
  Scheduler scheduler(
      io, hours(1), [](const std::string&) {}, [] { return 0.0; });
  start_crawl(io, scheduler, "a");
  EXPECT_EQ(scheduler.done("a", CrawlVerdict{.ok = true, .interval = minutes(25)}), Millis(minutes(25)));
  EXPECT_EQ(scheduler.interval("a"), Millis(minutes(25)));
  scheduler.crawl_now("a");
  until_in_flight(io, scheduler, "a");
  // A failure without a new interval backs off from the one the items earned: 25m * 2, low end of equal jitter.
  EXPECT_EQ(scheduler.done("a", CrawlVerdict{.ok = false}), Millis(minutes(25)));
}

TEST(SchedulerVerdict, MaxAgeDelaysASuccess_NotAFailure) {
  boost::asio::io_context io;
  Scheduler scheduler(
      io, hours(1), [](const std::string&) {}, [] { return 0.0; });
  start_crawl(io, scheduler, "a");
  EXPECT_EQ(scheduler.done("a", CrawlVerdict{.ok = true, .fresh_for = hours(2)}), Millis(hours(2)));
  scheduler.crawl_now("a");
  until_in_flight(io, scheduler, "a");
  EXPECT_EQ(scheduler.done("a", CrawlVerdict{.ok = false, .fresh_for = hours(2)}), Millis(minutes(5)));
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
