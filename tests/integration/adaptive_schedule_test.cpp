// Schedules that fit the source, through the real binary: interval = "auto"
// follows the site's rate of new items (the store is seeded by real crawls, then
// its first_seen times are moved back to stand for days of history), a 503's
// Retry-After and a 200's Cache-Control max-age push the next crawl. Every
// assertion is on the due time `status` shows relative to the crawl that set
// it, never on wall-clock waiting.

#include <signal.h>

#include <cstdlib>
#include <ctime>

#include "tests/integration/harness.h"
#include "tests/integration/processes.h"

namespace newswatch::test {
namespace {
namespace NEWSWATCH_FILE_ID {

constexpr std::int64_t k_day = 86400;

class AdaptiveScheduleTest : public PipelineTest {
 protected:
  AdaptiveScheduleTest() {
    write_file(m_dir / "site/auto.html", read_file(m_dir / "site/nknews.html"));
    write_config(site("auto-nk", "/auto.html", "interval = \"auto\"\n") +
                 site("capped-auto", "/with-headers/nknews.html?Cache-Control=max-age%3D604800",
                      "interval = \"auto\"\nmax_interval = \"30m\"\n") +
                 site("cached", "/with-headers/nknews.html?Cache-Control=public%2C%20max-age%3D3600&Age=600", "") +
                 site("short-cache", "/with-headers/nknews.html?Cache-Control=max-age%3D60", "") +
                 site("unavailable", "/status/503?retry_after=7200", ""));
  }
  std::string site(const std::string& name, const std::string& path, const std::string& extra) const {
    return "[[site]]\nname = \"" + name + "\"\nurl = \"" + m_site.url(path) + "\"\nextractor = \"nknews\"\n" + extra;
  }
  nlohmann::json status_of(const std::string& name) {
    RunResult status = newswatch({"status", "--json"});
    const nlohmann::json parsed = nlohmann::json::parse(status.out);
    for (const auto& site : parsed["sites"])
      if (site["site"] == name) return site;
    ADD_FAILURE() << "no site " << name << " in " << status.out;
    return {};
  }
  static std::int64_t unix_time(const std::string& shown) {  // status prints "2024-05-01 12:00:00Z"
    std::tm tm{};
    EXPECT_NE(strptime(shown.c_str(), "%Y-%m-%d %H:%M:%SZ", &tm), nullptr) << shown;
    return static_cast<std::int64_t>(timegm(&tm));
  }
  /// Seconds from the site's last crawl to the next due time status shows.
  std::int64_t due_after_crawl(const std::string& name) {
    const nlohmann::json s = status_of(name);
    return unix_time(s["next_due"].get<std::string>()) - unix_time(s["last_crawl"].get<std::string>());
  }
  void once(const std::string& name) {
    RunResult run = newswatch({"once", "--site", name});
    ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  }
};

TEST_F(AdaptiveScheduleTest, AutoSiteWithNoHistory_IsDueAfterMinInterval_AndStatusSaysWhy) {
  once("auto-nk");
  EXPECT_EQ(status_of("auto-nk")["interval"], "auto: no history yet → 5m (min)");
  EXPECT_EQ(due_after_crawl("auto-nk"), 300);
  EXPECT_EQ(status_of("nknews")["interval"], "10m") << "a fixed interval shows as configured";
  const RunResult text = newswatch({"status"});
  EXPECT_NE(text.out.find("\n               auto: no history yet → 5m (min)\n"), std::string::npos) << text.out;
}

TEST_F(AdaptiveScheduleTest, AutoSiteDueTime_MovesWithItsRateOfNewItems) {
  once("auto-nk");  // the baseline: its items are history, not news
  run_sql(m_database, "UPDATE items SET first_seen = first_seen - 86400 WHERE site = 'auto-nk';");
  write_file(m_dir / "site/auto.html", read_file(fixture_path("nknews/listing-2021-06-news.html")));
  once("auto-nk");  // new items a day after the baseline
  const nlohmann::json busy = status_of("auto-nk");
  const std::int64_t fresh = busy["items_new"].get<std::int64_t>();
  ASSERT_GT(fresh, 0);
  const std::string why = busy["interval"].get<std::string>();
  // The rate is new items over the observed span: a day plus the seconds between the two crawls, which a slow
  // (sanitizer) run stretches enough to print 9.99… as "10.0" instead of "10".
  ASSERT_EQ(why.rfind("auto: ", 0), 0u) << why;
  EXPECT_NEAR(std::stod(why.substr(6)), static_cast<double>(fresh), 0.05 * static_cast<double>(fresh)) << why;
  EXPECT_NE(why.find(" new/day over 1d → "), std::string::npos) << why;
  // A quarter of the mean gap between new items, in whole minutes, within 5m..24h; the seconds between the
  // two crawls may move it by one minute.
  const std::int64_t expected = std::clamp<std::int64_t>(k_day / fresh / 4 / 60 * 60, 300, k_day);
  const std::int64_t busy_due = due_after_crawl("auto-nk");
  EXPECT_NEAR(static_cast<double>(busy_due), static_cast<double>(expected), 60.0) << why;

  // A week later with nothing new: the same site is polled once a day.
  run_sql(m_database, "UPDATE items SET first_seen = first_seen - 8 * 86400 WHERE site = 'auto-nk';");
  once("auto-nk");
  EXPECT_EQ(status_of("auto-nk")["interval"], "auto: 0 new/day over 7d → 1d (max)");
  EXPECT_EQ(due_after_crawl("auto-nk"), k_day);
  EXPECT_LT(busy_due, k_day);
}

TEST_F(AdaptiveScheduleTest, CacheControlMaxAge_IsWaitedOut_LessAge_AndCapped) {
  once("cached");
  EXPECT_EQ(due_after_crawl("cached"), 3000) << "max-age=3600 of an answer 600s old, beyond the 10m interval";
  once("short-cache");
  EXPECT_EQ(due_after_crawl("short-cache"), 600) << "a max-age within the interval changes nothing";
  once("capped-auto");
  EXPECT_EQ(due_after_crawl("capped-auto"), 1800) << "a week's max-age capped at max_interval";
  once("cached");  // a 304 carries the same freshness
  EXPECT_EQ(due_after_crawl("cached"), 3000);
}

// (An auto site shares this path: planned_delay() in the unit tests. A second 503 site on the same loopback host
// would wait out the first one's Retry-After, per-host politeness, so it is not run here.)
TEST_F(AdaptiveScheduleTest, RetryAfterOn503_DelaysTheNextCrawl) {
  {
    Background service({"run", "-c", m_config}, (m_dir / "service.log").string());
    ASSERT_TRUE(eventually([&] {
      return service.log().find("crawl failed site=unavailable url=") != std::string::npos;
    })) << service.log();
    service.stop(SIGTERM);
    EXPECT_NE(service.log().find("crawl failed site=unavailable url=" + m_site.url("/status/503?retry_after=7200") +
                                 " status=503 failures=1 next_in=2h"),
              std::string::npos)
        << service.log();
  }
  EXPECT_EQ(due_after_crawl("unavailable"), 7200) << "Retry-After beyond the 20m backoff";
  EXPECT_EQ(status_of("unavailable")["consecutive_failures"], 1);
}

TEST_F(AdaptiveScheduleTest, CheckConfig_ShowsAutoWithItsBounds) {
  const RunResult check = newswatch({"check-config"});
  ASSERT_EQ(check.exit_code, 0) << check.err;
  EXPECT_NE(check.out.find("  site auto-nk (nknews) every auto (5m..1d): "), std::string::npos) << check.out;
  EXPECT_NE(check.out.find("  site capped-auto (nknews) every auto (5m..30m): "), std::string::npos) << check.out;
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch::test
