// A flood of matches from one crawl becomes one summary alert per (watch, notifier);
// up to the threshold, every match is its own alert as before.
#include <gtest/gtest.h>

#include "store/store.h"
#include "tests/store/store_test_util.h"
#include "tests/support/files.h"

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

using testing::k_t0;
using testing::make_item;
using testing::match_word;
using testing::page;

std::vector<Item> kursk_items(int from, int count) {
  std::vector<Item> items;
  for (int i = from; i < from + count; ++i)
    items.push_back(make_item("kursk-" + std::to_string(i), "Kursk report number " + std::to_string(i)));
  return items;
}

class AlertFlood : public ::testing::Test {
 protected:
  void SetUp() override {
    m_store = testing::open_or_die(testing::db_path(m_dir, "flood.db"));
    ASSERT_TRUE(m_store->apply_crawl(page("nk", k_t0, {make_item("old", "Old news")}), match_word("Kursk")));
  }
  test::TempDir m_dir;
  std::unique_ptr<Store> m_store;
};

TEST_F(AlertFlood, ThousandNewMatchesInOneCrawl_AreOneSummaryAlertPerNotifier) {
  // once_per_story off: every item is its own story candidate, so only the flood rule can fold them.
  auto applied = m_store->apply_crawl(page("nk", k_t0 + 60, kursk_items(0, 1000)), match_word("Kursk", false));
  ASSERT_TRUE(applied) << applied.error().message;
  EXPECT_EQ(applied->items_new, 1000);
  ASSERT_EQ(applied->queued_alerts.size(), 2u);  // one per notifier (hook, mail), not 2,000
  auto alerts = m_store->alerts(std::nullopt, 10);
  ASSERT_TRUE(alerts);
  ASSERT_EQ(alerts->size(), 2u);
  for (const Alert& alert : *alerts) {
    EXPECT_EQ(alert.item.title, "Kursk report number 0") << "the summary leads with the page's first match";
    EXPECT_EQ(alert.also_count, 999);
    ASSERT_EQ(alert.also.size(), 10u);
    EXPECT_EQ(alert.also.front().title, "Kursk report number 1");
    EXPECT_EQ(alert.also.front().url, "https://news.example/kursk-1/");
  }
}

TEST_F(AlertFlood, UpToTenMatchesInOneCrawl_AreEachTheirOwnAlert) {
  auto applied = m_store->apply_crawl(page("nk", k_t0 + 60, kursk_items(0, 10)), match_word("Kursk", false));
  ASSERT_TRUE(applied) << applied.error().message;
  EXPECT_EQ(applied->queued_alerts.size(), 20u);
  auto alerts = m_store->alerts(std::nullopt, 100);
  ASSERT_TRUE(alerts);
  for (const Alert& alert : *alerts) {
    EXPECT_EQ(alert.also_count, 0);
    EXPECT_TRUE(alert.also.empty());
  }
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
