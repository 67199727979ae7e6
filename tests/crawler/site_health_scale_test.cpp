// The health rules with 20,000 sites: the network rule and the content rule decide
// as they do with three (crawler/health_book.h keeps the counts, so every crawl's
// decision is O(1); with a walk over every site per crawl these runs were O(n^2)).

#include <string>
#include <unordered_map>
#include <vector>

#include <gtest/gtest.h>

#include "crawler/health_book.h"
#include "crawler/site_health.h"

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

using Kind = CrawlObservation::Kind;
constexpr std::chrono::seconds k_failing_after{3600};
constexpr int k_sites = 20'000;

/// Many sites, their rows by name, each crawl decided as the service does (two rows read, the book asked).
class ManySites {
 public:
  ManySites() {
    for (int i = 0; i < k_sites; ++i) m_names.push_back("site" + std::to_string(i));
    m_book.set_sites(m_names);
  }
  const std::vector<std::string>& names() const { return m_names; }
  void advance(std::int64_t seconds) { m_now += seconds; }
  const SiteHealth* row(const std::string& site) const {
    auto found = m_rows.find(site);
    return found == m_rows.end() ? nullptr : &found->second;
  }

  std::vector<HealthTransition> crawl(const std::string& site, CrawlObservation seen) {
    seen.at = m_now;
    std::vector<SiteHealth> stored;
    for (const std::string& key : {site, std::string()})
      if (const SiteHealth* h = row(key)) stored.push_back(*h);
    HealthDecision decision = decide_health(stored, m_book, site, seen, k_failing_after);
    for (const SiteHealth& changed : decision.rows) {
      m_book.record(changed);
      m_rows[changed.site] = changed;
    }
    return decision.transitions;
  }
  std::vector<HealthTransition> failed(const std::string& site) {
    CrawlObservation seen;
    seen.kind = Kind::failed;
    seen.error = "connection timed out";
    return crawl(site, seen);
  }
  std::vector<HealthTransition> parsed(const std::string& site, int items) {
    CrawlObservation seen;
    seen.kind = Kind::parsed;
    seen.fields = {items, items, items, items};
    return crawl(site, seen);
  }

  /// Crawls every site once with `crawl_one`; returns every transition, in order.
  template <class F>
  std::vector<HealthTransition> round(F crawl_one) {
    std::vector<HealthTransition> all;
    for (const std::string& site : m_names)
      for (HealthTransition& t : crawl_one(site)) all.push_back(std::move(t));
    return all;
  }

 private:
  std::vector<std::string> m_names;
  HealthBook m_book;
  std::unordered_map<std::string, SiteHealth> m_rows;
  std::int64_t m_now = 1'700'000'000;
};

std::vector<HealthTransition> announced(const std::vector<HealthTransition>& all) {
  std::vector<HealthTransition> out;
  for (const HealthTransition& t : all)
    if (t.announce) out.push_back(t);
  return out;
}

TEST(SiteHealthScale, AnOutageOf20000Sites_IsOneNetworkDown_CoveringEverySite_AndOneNetworkBack) {
  ManySites run;
  EXPECT_TRUE(run.round([&](const std::string& s) { return run.failed(s); }).empty()) << "not past failing_after";
  run.advance(k_failing_after.count());
  auto outage = run.round([&](const std::string& s) { return run.failed(s); });
  EXPECT_EQ(outage.size(), static_cast<std::size_t>(k_sites) + 1) << "every site's failing, logged, and the network";
  auto told = announced(outage);
  ASSERT_EQ(told.size(), 1u);
  EXPECT_EQ(told[0].event.site, "");
  EXPECT_EQ(told[0].event.to, "down");
  EXPECT_EQ(told[0].event.reason, "all 20000 sites fail without an HTTP answer, e.g. connection timed out");
  EXPECT_EQ(outage[1].event.site, "") << "down with the first site past the threshold: all were quiet";

  auto recovery = run.round([&](const std::string& s) { return run.parsed(s, 10); });
  told = announced(recovery);
  ASSERT_EQ(told.size(), 1u);
  EXPECT_EQ(told[0].event.to, "up");
  EXPECT_EQ(told[0].event.reason, "site site0 answered");
  EXPECT_FALSE(run.row("")->failing);
}

TEST(SiteHealthScale, OneOf20000SitesStillAnswering_KeepsTheNetworkUp_SitesAreAnnounced) {
  ManySites run;
  const std::string& last = run.names().back();
  run.parsed(last, 10);
  auto fail_all_but_last = [&](const std::string& s) {
    return s == last ? std::vector<HealthTransition>{} : run.failed(s);
  };
  run.round(fail_all_but_last);
  run.advance(k_failing_after.count());
  auto told = announced(run.round(fail_all_but_last));
  ASSERT_EQ(told.size(), static_cast<std::size_t>(k_sites) - 1) << "the network works: each site is its own alert";
  for (const HealthTransition& t : told) EXPECT_EQ(t.event.to, "failing");
  EXPECT_FALSE(run.row("")->failing);

  auto down = announced(run.failed(last));  // the last answering site goes quiet too (not yet past the threshold)
  ASSERT_EQ(down.size(), 1u);
  EXPECT_EQ(down[0].event.to, "down");
}

TEST(SiteHealthScale, AmongTwentyThousandHealthySites_OnlyTheBrokenOneDegrades_AndRecovers) {
  ManySites run;
  for (int i = 0; i < k_baseline_crawls; ++i)
    EXPECT_TRUE(run.round([&](const std::string& s) { return run.parsed(s, 30); }).empty());
  const std::string broken = run.names()[k_sites / 2];
  auto round = run.round([&](const std::string& s) { return run.parsed(s, s == broken ? 0 : 30); });
  ASSERT_EQ(round.size(), 1u);
  EXPECT_EQ(round[0].event.site, broken);
  EXPECT_EQ(round[0].event.to, "degraded");
  EXPECT_TRUE(round[0].announce);

  std::vector<HealthTransition> back;
  for (int i = 0; i < k_recover_after; ++i)
    for (auto& t : run.round([&](const std::string& s) { return run.parsed(s, 30); })) back.push_back(t);
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0].event.site, broken);
  EXPECT_EQ(back[0].event.to, "healthy");
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
