// Site health's cost per crawl with 100 to 10,000 sites, during an outage (every
// site quiet, none past failing_after yet: the network rule has to look at all).
// "book" is the rule as it runs (crawler/health_book.h); "walk" reproduces, here
// only, the per-crawl work it replaced (copy every site name and stored row, then
// look each configured site's row up by a scan) for the before/after figures.

#include <algorithm>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "crawler/health_book.h"
#include "crawler/site_health.h"

namespace newswatch {
namespace {

std::vector<std::string> site_names(int n) {
  std::vector<std::string> names;
  for (int i = 0; i < n; ++i) names.push_back("site" + std::to_string(i));
  return names;
}

/// Every site in a failing streak without an answer, none past the threshold yet.
std::vector<SiteHealth> quiet_rows(const std::vector<std::string>& names) {
  std::vector<SiteHealth> rows;
  for (const std::string& name : names) {
    SiteHealth row;
    row.site = name;
    row.failing_since = 1'700'000'000;
    row.no_answer = true;
    rows.push_back(row);
  }
  return rows;
}

CrawlObservation timeout() {
  CrawlObservation seen;
  seen.kind = CrawlObservation::Kind::failed;
  seen.error = "connection timed out";
  seen.at = 1'700'000'060;
  return seen;
}

void BM_HealthPerCrawl_Book(benchmark::State& state) {
  const auto names = site_names(static_cast<int>(state.range(0)));
  const auto rows = quiet_rows(names);
  HealthBook book;
  book.set_sites(names);
  for (const SiteHealth& row : rows) book.record(row);
  std::size_t i = 0;
  for (auto _ : state) {
    const SiteHealth& mine = rows[i++ % rows.size()];
    HealthDecision decision = decide_health({mine}, book, mine.site, timeout(), std::chrono::seconds(3600));
    for (const SiteHealth& row : decision.rows) book.record(row);
    benchmark::DoNotOptimize(decision);
  }
}

void BM_HealthPerCrawl_WalkReplaced(benchmark::State& state) {
  const auto names = site_names(static_cast<int>(state.range(0)));
  const auto stored = quiet_rows(names);
  std::size_t i = 0;
  for (auto _ : state) {
    std::vector<std::string> sites = names;  // the monitor copied every configured name per crawl
    std::vector<SiteHealth> rows = stored;   // the store read every row, and the rule copied them
    const std::string& site = names[i++ % names.size()];
    bool down = sites.size() >= 2;
    for (const std::string& name : sites) {  // network_looks_down: a scan per configured site
      auto found = std::find_if(rows.begin(), rows.end(), [&](const SiteHealth& h) { return h.site == name; });
      if (found == rows.end() || !found->failing_since || !found->no_answer) down = false;
    }
    benchmark::DoNotOptimize(site);
    benchmark::DoNotOptimize(down);
  }
}

BENCHMARK(BM_HealthPerCrawl_Book)->Arg(100)->Arg(1000)->Arg(10000);
BENCHMARK(BM_HealthPerCrawl_WalkReplaced)->Arg(100)->Arg(1000)->Arg(10000)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace newswatch

BENCHMARK_MAIN();
