// ParseTracker and SlowParseWatch: a parse that runs past its limit is reported, with its site and URL,
// in the store's health line (what `status` prints) and as the /readyz reason; a finished one is not.
#include "crawler/parse_tracker.h"

#include <thread>

#include <gtest/gtest.h>
#include <boost/asio/io_context.hpp>

#include "crawler/slow_parse_watch.h"
#include "tests/support/files.h"

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

using std::chrono::seconds;

TEST(ParseTracker, SlowerThan_ListsOnlyParsesPastTheLimit_OldestFirst) {
  ParseTracker tracker;
  const SteadyTime t0{std::chrono::hours(1)};
  auto first = tracker.begin("nknews", "https://www.nknews.org/", t0);
  auto second = tracker.begin("menafn", "https://menafn.com/", t0 + seconds(20));
  auto slow = tracker.slower_than(seconds(30), t0 + seconds(45));
  ASSERT_EQ(slow.size(), 1u);
  EXPECT_EQ(slow[0].site, "nknews");
  slow = tracker.slower_than(seconds(30), t0 + seconds(60));
  ASSERT_EQ(slow.size(), 2u);
  EXPECT_EQ(slow[0].site, "nknews");
  EXPECT_EQ(slow[1].site, "menafn");
  EXPECT_EQ(tracker.running(), 2u);
}

TEST(ParseTracker, FinishedParse_IsNoLongerListed) {
  ParseTracker tracker;
  const SteadyTime t0{std::chrono::hours(1)};
  { auto scope = tracker.begin("nknews", "https://www.nknews.org/", t0); }
  EXPECT_EQ(tracker.running(), 0u);
  EXPECT_TRUE(tracker.slower_than(seconds(0), t0 + seconds(100)).empty());
}

TEST(SlowParses, Description_NamesTheOldestSiteUrlAndHowLong) {
  const SteadyTime t0{std::chrono::hours(1)};
  std::vector<ParseTracker::Entry> slow{{1, "nknews", "https://www.nknews.org/", t0},
                                        {2, "menafn", "https://menafn.com/", t0 + seconds(5)}};
  EXPECT_EQ(describe_slow_parses(slow, t0 + seconds(45)),
            "parse of site=nknews url=https://www.nknews.org/ running for 45 s (and 1 more slow parses)");
  EXPECT_EQ(describe_slow_parses({}, t0), std::nullopt);
}

TEST(SlowParseWatch, StuckParse_MarksTheSiteHealthInTheStore_AndIsTheReadinessProblem) {
  test::TempDir dir;
  boost::asio::io_context io;
  auto store = StoreWorker::open(io, (dir / "newswatch.db").string());
  ASSERT_TRUE(store) << store.error().message;
  CrawlOutcome outcome;  // a site crawled once, so it has a health line to replace
  outcome.site = "nknews";
  outcome.url = "https://www.nknews.org/";
  outcome.at = 1'700'000'000;
  outcome.http_status = 200;
  outcome.health = "ok";
  ASSERT_TRUE((*store)->call([&](Store& s) { return s.apply_crawl(outcome, {}); }));

  ParseTracker tracker;
  // A limit of zero: every running parse is "slow" at the first check, so nothing here waits on the clock.
  SlowParseWatch watch(io, tracker, **store, Millis(0), Millis(1));
  auto parsing = tracker.begin("nknews", "https://www.nknews.org/", std::chrono::steady_clock::now() - seconds(40));
  watch.start();
  auto health = [&] { return (*store)->call([](Store& s) { return s.fetch_state("nknews"); })->health; };
  // Until the check has run and its store write landed; the bound only guards against a hang.
  for (int i = 0; i < 3000 && health() == "ok"; ++i) io.run_for(std::chrono::milliseconds(10));
  watch.stop();
  io.run();

  EXPECT_NE(health().find("parse of https://www.nknews.org/ running for over"), std::string::npos) << health();
  auto problem = watch.problem();
  ASSERT_TRUE(problem.has_value());
  EXPECT_NE(problem->find("site=nknews url=https://www.nknews.org/"), std::string::npos) << *problem;
}

TEST(SlowParseWatch, NothingRunning_IsReady) {
  test::TempDir dir;
  boost::asio::io_context io;
  auto store = StoreWorker::open(io, (dir / "newswatch.db").string());
  ASSERT_TRUE(store);
  ParseTracker tracker;
  SlowParseWatch watch(io, tracker, **store, Millis(0), Millis(1));
  { auto done = tracker.begin("nknews", "https://www.nknews.org/", std::chrono::steady_clock::now()); }
  EXPECT_EQ(watch.problem(), std::nullopt);
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
