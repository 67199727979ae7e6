// The words of a crawl's log lines, one row per kind of outcome.
#include "crawler/crawl_log.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

SiteReport fetched(int status) {
  SiteReport r;
  r.site = "nk";
  r.url = "http://h/p";
  r.fetched = r.ok = true;
  r.http_status = status;
  r.health = "ok";
  return r;
}

std::vector<std::string> texts(const std::vector<CrawlLogLine>& lines) {
  std::vector<std::string> out;
  for (const CrawlLogLine& line : lines) out.push_back(line.text);
  return out;
}

TEST(CrawlLog, HumanDelay) {
  EXPECT_EQ(human_delay(Millis(0)), "0s");
  EXPECT_EQ(human_delay(Millis(1)), "1s") << "rounded up: never says 0s for a wait";
  EXPECT_EQ(human_delay(minutes(5)), "5m");
  EXPECT_EQ(human_delay(hours(1) + minutes(30)), "1h30m");
  EXPECT_EQ(human_delay(seconds(45)), "45s");
}

TEST(CrawlLog, NotModified_SaysSo_NotItemsZero) {
  SiteReport r = fetched(304);
  r.not_modified = true;
  auto lines = crawl_log_lines(r, CrawlSchedule{0, minutes(10)});
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].text, "crawled site=nk url=http://h/p status=304: not modified");
  EXPECT_EQ(lines[0].level, spdlog::level::info);
}

TEST(CrawlLog, UnchangedBytes_SaySo) {
  SiteReport r = fetched(200);
  r.unchanged = true;
  EXPECT_EQ(
      texts(crawl_log_lines(r, CrawlSchedule{0, minutes(10)})),
      std::vector<std::string>{"crawled site=nk url=http://h/p status=200: unchanged (same bytes as the last crawl)"});
}

TEST(CrawlLog, Baseline_SaysNoAlerts) {
  SiteReport r = fetched(200);
  r.baseline = true;
  r.items_found = r.items_new = 12;
  EXPECT_EQ(texts(crawl_log_lines(r, CrawlSchedule{0, minutes(10)})),
            std::vector<std::string>{"crawled site=nk url=http://h/p status=200 items=12 new=12 alerts=0: first crawl "
                                     "of nk: baseline, 12 items stored, no alerts"});
}

TEST(CrawlLog, Failure_SaysWhenTheSiteIsTriedNext) {
  SiteReport r;
  r.site = "nk";
  r.url = "http://h/p";
  r.error = "fetching http://h/p failed: Could not resolve host: h";
  auto lines = crawl_log_lines(r, CrawlSchedule{3, minutes(20)});
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].level, spdlog::level::warn);
  EXPECT_EQ(lines[0].text,
            "crawl failed site=nk url=http://h/p status=0 failures=3 next_in=20m: fetching http://h/p failed: Could "
            "not resolve host: h");
  EXPECT_EQ(texts(crawl_log_lines(r, std::nullopt)),
            std::vector<std::string>{"crawl failed site=nk url=http://h/p status=0: fetching http://h/p failed: Could "
                                     "not resolve host: h"})
      << "by hand: no schedule, no streak";
}

TEST(CrawlLog, FirstSuccessAfterFailures_SaysRecovered) {
  SiteReport r = fetched(200);
  r.items_found = 3;
  r.previous_failures = 4;
  EXPECT_EQ(texts(crawl_log_lines(r, CrawlSchedule{0, minutes(10)})),
            (std::vector<std::string>{"site recovered after 4 failures site=nk url=http://h/p",
                                      "crawled site=nk url=http://h/p status=200 items=3 new=0 alerts=0"}));
  EXPECT_EQ(texts(crawl_log_lines(r, std::nullopt))[0], "site recovered after 4 failures site=nk url=http://h/p")
      << "by hand too";
  r.previous_failures = 1;
  EXPECT_EQ(texts(crawl_log_lines(r, CrawlSchedule{0, minutes(10)}))[0],
            "site recovered after 1 failure site=nk url=http://h/p");
  r.previous_failures = 0;
  EXPECT_EQ(crawl_log_lines(r, CrawlSchedule{0, minutes(10)}).size(), 1u);
}

TEST(CrawlLog, UnhealthyPage_AndStoreFailure_AreErrors) {
  SiteReport r = fetched(200);
  r.ok = false;
  r.health = "no items on a 200 page";
  auto lines = crawl_log_lines(r, CrawlSchedule{0, minutes(10)});
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].level, spdlog::level::err);
  EXPECT_EQ(lines[0].text, "extractor health site=nk url=http://h/p: no items on a 200 page");
  SiteReport s;
  s.site = "nk";
  s.url = "http://h/p";
  s.store_error = "database is locked";
  EXPECT_EQ(texts(crawl_log_lines(s, CrawlSchedule{1, minutes(10)})),
            std::vector<std::string>{"crawl not stored site=nk url=http://h/p next_in=10m: database is locked"});
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
