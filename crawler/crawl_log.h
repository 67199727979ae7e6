#pragma once
// The log lines of one crawl of a site, worded in one place for `run` and
// `once` alike (one line per event, with site and URL):
//
//   info  crawled site=S url=U status=200 items=12 new=2 alerts=1
//   info  crawled site=S url=U status=304: not modified
//   info  crawled site=S url=U status=200: unchanged (same bytes as the last crawl)
//   info  crawled site=S url=U status=200 items=12 new=12 alerts=0: first crawl of S: baseline, 12 items stored,
//         no alerts
//   info  site recovered after 3 failures site=S url=U         (first success after failures)
//   warn  crawl failed site=S url=U status=0 failures=3 next_in=20m: ERROR
//   error extractor health site=S url=U: PROBLEM                 (fetched, but no items)
//   error crawl not stored site=S url=U next_in=10m: ERROR        (the database refused it)
//
// next_in is when the scheduler tries the site again (with its jitter); a crawl
// run by hand (`once`) has no next time and says nothing of it.

#include <optional>
#include <string>
#include <vector>

#include <spdlog/common.h>

#include "config/clock.h"
#include "crawler/site_crawler.h"

namespace newswatch {

struct CrawlLogLine {
  spdlog::level::level_enum level = spdlog::level::info;
  std::string text;
};

/// A delay as people write it: "45s", "5m", "1h30m" (rounded up to whole seconds; "0s" when due now).
std::string human_delay(Millis delay);

/// What the scheduler made of a crawl: the failure streak it backs off on, and the delay to the next crawl.
struct CrawlSchedule {
  int failures = 0;
  Millis next_in{0};
};

/// The lines for `report`: the crawl's own, preceded by "site recovered after N failures" when the
/// site answered after report.previous_failures stored failures. `schedule` is nullopt for a crawl
/// run by hand (`once`).
std::vector<CrawlLogLine> crawl_log_lines(const SiteReport& report, std::optional<CrawlSchedule> schedule);

/// Logs crawl_log_lines() through spdlog.
void log_crawl(const SiteReport& report, std::optional<CrawlSchedule> schedule);

}  // namespace newswatch
