// One item that several watches matched for one notifier in one crawl is one
// outbox row naming every watch (store/alert_flood.cpp); other notifiers and
// flood summaries keep their own rows.
#include <gtest/gtest.h>

#include <algorithm>

#include "store/store.h"
#include "tests/store/store_test_util.h"

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

using testing::k_t0;
using testing::make_item;
using testing::page;

/// Watch "kursk" (hook) and watch "russia" (hook and mail) both match a title with "Kursk".
MatchFn two_watches() {
  return [](const Item& item) {
    std::vector<AlertRequest> out;
    if (item.title.find("Kursk") == std::string::npos) return out;
    out.push_back({"kursk", "hook", {"Kursk"}, true, false, {}});
    out.push_back({"russia", "hook", {"Russia", "Kursk"}, true, false, {}});
    out.push_back({"russia", "mail", {"Russia", "Kursk"}, true, false, {}});
    return out;
  };
}

class AlertWatches : public ::testing::Test {
 protected:
  void SetUp() override {
    m_store = testing::open_or_die(":memory:");
    ASSERT_TRUE(m_store->apply_crawl(page("nk", k_t0, {make_item("old", "Old news")}), two_watches()));
  }
  std::vector<Alert> alerts_to(const std::string& notifier) {
    std::vector<Alert> out;
    auto all = m_store->alerts(std::nullopt, 100);  // kept: a range-for over .value() of a temporary dangles
    for (Alert& alert : all.value())
      if (alert.notifier == notifier) out.push_back(std::move(alert));
    return out;
  }
  std::unique_ptr<Store> m_store;
};

TEST_F(AlertWatches, TwoWatchesOneNotifier_OneRowNamingBoth) {
  auto applied = m_store->apply_crawl(page("nk", k_t0 + 60, {make_item("k", "Kursk offensive")}), two_watches());
  ASSERT_TRUE(applied) << applied.error().message;
  EXPECT_EQ(applied->queued_alerts.size(), 2u) << "one row for hook, one for mail";
  auto hook = alerts_to("hook");
  ASSERT_EQ(hook.size(), 1u);
  EXPECT_EQ(hook[0].watch, "kursk") << "the first watch leads";
  EXPECT_EQ(hook[0].also_watches, std::vector<std::string>{"russia"});
  EXPECT_EQ(hook[0].matched, (std::vector<std::string>{"Kursk", "Russia"})) << "every watch's terms, once";
  auto mail = alerts_to("mail");
  ASSERT_EQ(mail.size(), 1u);
  EXPECT_EQ(mail[0].watch, "russia");
  EXPECT_TRUE(mail[0].also_watches.empty());
}

TEST_F(AlertWatches, OncePerStory_KnowsTheWatchNamedSecond) {
  ASSERT_TRUE(m_store->apply_crawl(page("nk", k_t0 + 60, {make_item("k", "Kursk offensive stalls")}), two_watches()));
  // The same story from another outlet: neither watch alerts hook (or mail) on it again.
  auto again =
      m_store->apply_crawl(page("other", k_t0 + 120, {make_item("k2", "Kursk offensive stalls")}), two_watches());
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_TRUE(again->queued_alerts.empty());
  EXPECT_EQ(alerts_to("hook").size(), 1u);
}

TEST_F(AlertWatches, ReplayedCrawl_QueuesNothingMore) {
  ASSERT_TRUE(m_store->apply_crawl(page("nk", k_t0 + 60, {make_item("k", "Kursk offensive")}), two_watches()));
  auto replay = m_store->apply_crawl(page("nk", k_t0 + 60, {make_item("k", "Kursk offensive")}), two_watches());
  ASSERT_TRUE(replay);
  EXPECT_TRUE(replay->queued_alerts.empty());
  EXPECT_EQ(alerts_to("hook").size(), 1u);
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
