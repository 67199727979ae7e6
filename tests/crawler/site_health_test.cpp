// The health rules (crawler/site_health.h), crawl by crawl, with no clock and no database.

#include "crawler/site_health.h"

#include <gtest/gtest.h>

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

using Kind = CrawlObservation::Kind;
constexpr std::chrono::seconds k_failing_after{3600};

/// Feeds crawls of sites to decide_health as the store would, keeping the rows between them.
class HealthRun {
 public:
  explicit HealthRun(const std::vector<std::string>& sites) { m_book.set_sites(sites); }

  std::vector<HealthTransition> parsed(const std::string& site, ItemFieldCounts fields) {
    CrawlObservation seen;
    seen.kind = Kind::parsed;
    seen.fields = fields;
    return apply(site, seen);
  }
  std::vector<HealthTransition> unchanged(const std::string& site) {
    CrawlObservation seen;
    seen.kind = Kind::unchanged;
    return apply(site, seen);
  }
  std::vector<HealthTransition> failed(const std::string& site, bool answered) {
    CrawlObservation seen;
    seen.kind = Kind::failed;
    seen.answered = answered;
    seen.error = answered ? "HTTP 503" : "connection refused";
    return apply(site, seen);
  }
  void advance(std::int64_t seconds) { m_now += seconds; }
  SiteHealth row(const std::string& site) const {
    for (const SiteHealth& h : m_rows)
      if (h.site == site) return h;
    SiteHealth none;
    none.site = site;
    return none;
  }

 private:
  std::vector<HealthTransition> apply(const std::string& site, CrawlObservation seen) {
    seen.at = m_now;
    std::vector<SiteHealth> stored;  // what the store reads: the site's row and the network's, by key
    for (const SiteHealth& h : m_rows)
      if (h.site == site || h.site.empty()) stored.push_back(h);
    HealthDecision decision = decide_health(stored, m_book, site, seen, k_failing_after);
    for (const SiteHealth& changed : decision.rows) {
      m_book.record(changed);
      auto it = std::find_if(m_rows.begin(), m_rows.end(), [&](const SiteHealth& h) { return h.site == changed.site; });
      if (it != m_rows.end())
        *it = changed;
      else
        m_rows.push_back(changed);
    }
    return decision.transitions;
  }

  HealthBook m_book;
  std::vector<SiteHealth> m_rows;
  std::int64_t m_now = 1'700'000'000;
};

constexpr ItemFieldCounts k_normal{30, 30, 28, 30};

void warm_up(HealthRun& run, const std::string& site, int crawls = k_baseline_crawls) {
  for (int i = 0; i < crawls; ++i) ASSERT_TRUE(run.parsed(site, k_normal).empty());
}

TEST(SiteHealth, ZeroItemsOnA200Page_DegradesOnce_NotOncePerCrawl) {
  HealthRun run({"a"});
  warm_up(run, "a", 2);
  auto first = run.parsed("a", {0, 0, 0, 0});
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].event.from, "healthy");
  EXPECT_EQ(first[0].event.to, "degraded");
  EXPECT_EQ(first[0].event.reason, "no items on a 200 page");
  EXPECT_TRUE(first[0].announce);
  EXPECT_TRUE(run.parsed("a", {0, 0, 0, 0}).empty());
  EXPECT_TRUE(run.parsed("a", {0, 0, 0, 0}).empty());
  EXPECT_EQ(health_state(run.row("a")), "degraded");
}

TEST(SiteHealth, FarFewerItems_DegradesOnlyOnceTheBaselineHasFiveCrawls) {
  HealthRun early({"a"});
  warm_up(early, "a", k_baseline_crawls - 1);
  EXPECT_TRUE(early.parsed("a", {3, 3, 3, 3}).empty()) << "four crawls are no baseline yet";

  HealthRun run({"a"});
  warm_up(run, "a");
  auto fewer = run.parsed("a", {3, 3, 3, 3});
  ASSERT_EQ(fewer.size(), 1u);
  EXPECT_EQ(fewer[0].event.reason, "3 items, far fewer than the usual 30");
  EXPECT_EQ(run.row("a").baseline.crawls, k_baseline_crawls) << "an abnormal crawl is not folded into the baseline";
}

TEST(SiteHealth, AFieldThatWasAlwaysThere_DroppingToNone_Degrades) {
  HealthRun run({"a"});
  warm_up(run, "a");
  auto lost = run.parsed("a", {30, 0, 28, 30});
  ASSERT_EQ(lost.size(), 1u);
  EXPECT_EQ(lost[0].event.reason, "no item has a date (usually 100% do)");
}

TEST(SiteHealth, AFieldThatWasOftenMissing_DroppingToNone_IsNormal) {
  HealthRun run({"a"});
  for (int i = 0; i < k_baseline_crawls; ++i) run.parsed("a", {30, 30, 15, 30});  // summaries on half the items
  EXPECT_TRUE(run.parsed("a", {30, 30, 0, 30}).empty());
}

TEST(SiteHealth, Recovery_NeedsThreeNormalCrawlsInARow) {
  HealthRun run({"a"});
  warm_up(run, "a");
  run.parsed("a", {0, 0, 0, 0});
  EXPECT_TRUE(run.parsed("a", k_normal).empty());
  EXPECT_TRUE(run.parsed("a", k_normal).empty());
  EXPECT_TRUE(run.parsed("a", {0, 0, 0, 0}).empty()) << "still degraded: the streak starts again";
  EXPECT_TRUE(run.parsed("a", k_normal).empty());
  EXPECT_TRUE(run.parsed("a", k_normal).empty());
  auto back = run.parsed("a", k_normal);
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0].event.from, "degraded");
  EXPECT_EQ(back[0].event.to, "healthy");
}

TEST(SiteHealth, UnchangedPage_KeepsTheState) {
  HealthRun run({"a"});
  warm_up(run, "a");
  run.parsed("a", {0, 0, 0, 0});
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(run.unchanged("a").empty());
  EXPECT_EQ(health_state(run.row("a")), "degraded");
  EXPECT_EQ(run.row("a").normal_streak, 0) << "a 304 is not a normal crawl";
}

TEST(SiteHealth, FailingPastTheThreshold_IsOneTransition_AndOneOnRecovery) {
  HealthRun run({"a", "b"});
  warm_up(run, "b", 1);  // b answers: the network is up
  EXPECT_TRUE(run.failed("a", false).empty());
  run.advance(k_failing_after.count() - 1);
  EXPECT_TRUE(run.failed("a", false).empty()) << "not yet past failing_after";
  run.advance(1);
  auto failing = run.failed("a", false);
  ASSERT_EQ(failing.size(), 1u);
  EXPECT_EQ(failing[0].event.to, "failing");
  EXPECT_TRUE(failing[0].announce);
  run.advance(600);
  EXPECT_TRUE(run.failed("a", true).empty());
  auto back = run.unchanged("a");
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0].event.from, "failing");
  EXPECT_EQ(back[0].event.to, "healthy");
  EXPECT_TRUE(back[0].announce);
}

TEST(SiteHealth, EverySiteFailingWithoutAnswer_IsOneNetworkDown_AndOneNetworkBack) {
  HealthRun run({"a", "b", "c"});
  for (const char* site : {"a", "b", "c"}) EXPECT_TRUE(run.failed(site, false).empty());
  run.advance(k_failing_after.count());
  std::vector<HealthTransition> all;
  for (const char* site : {"a", "b", "c"})
    for (auto& t : run.failed(site, false)) all.push_back(t);
  int announced = 0;
  for (const auto& t : all) announced += t.announce;
  ASSERT_EQ(announced, 1);
  auto down = std::find_if(all.begin(), all.end(), [](const auto& t) { return t.announce; });
  EXPECT_EQ(down->event.site, "");
  EXPECT_EQ(down->event.to, "down");
  EXPECT_EQ(health_state(run.row("c")), "failing");

  std::vector<HealthTransition> recovery;
  for (const char* site : {"a", "b", "c"})
    for (auto& t : run.unchanged(site)) recovery.push_back(t);
  announced = 0;
  for (const auto& t : recovery)
    if (t.announce) {
      ++announced;
      EXPECT_EQ(t.event.site, "");
      EXPECT_EQ(t.event.to, "up");
    }
  EXPECT_EQ(announced, 1) << "the sites' recoveries were never announced, so neither is their end";
}

TEST(SiteHealth, OneSiteAnsweringWithAnError_IsNotTheNetwork) {
  HealthRun run({"a", "b"});
  run.failed("a", false);
  run.failed("b", true);  // b's server answers 503: the network works
  run.advance(k_failing_after.count());
  auto a = run.failed("a", false);
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].event.site, "a");
  EXPECT_TRUE(a[0].announce);
}

TEST(SiteHealth, ASiteStillFailingAfterTheNetworkIsBack_IsAnnouncedAtItsNextFailure) {
  HealthRun run({"a", "b"});
  run.failed("a", false);
  run.failed("b", false);
  run.advance(k_failing_after.count());
  run.failed("a", false);
  run.failed("b", false);
  ASSERT_TRUE(run.row("").failing) << "network down";
  auto back = run.unchanged("a");
  ASSERT_EQ(back.size(), 2u);  // a's unannounced recovery, and the network
  auto b = run.failed("b", false);
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(b[0].event.site, "b");
  EXPECT_EQ(b[0].event.to, "failing");
  EXPECT_TRUE(b[0].announce);
}

TEST(SiteHealth, CountFields_CountsItemsWithEachField) {
  std::vector<Item> items(3);
  items[0].published = "2024-01-01";
  items[1].summary = "s";
  items[2].authors = {"x"};
  items[2].summary = "t";
  ItemFieldCounts counts = count_fields(items);
  EXPECT_EQ(counts.items, 3);
  EXPECT_EQ(counts.with_date, 1);
  EXPECT_EQ(counts.with_summary, 2);
  EXPECT_EQ(counts.with_authors, 1);
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
