// Site health rows and operator alerts in the outbox (store/site_health.cpp).

#include <gtest/gtest.h>

#include "tests/store/store_test_util.h"

namespace newswatch::testing {
namespace {
namespace NEWSWATCH_FILE_ID {

std::unique_ptr<Store> open_store(const TempDir& dir) {
  return open_or_die(db_path(dir, "health.db"));  // this run's backend
}

HealthUpdate degrade(const std::string& site, const std::vector<std::string>& notifiers) {
  HealthUpdate update;
  SiteHealth row;
  row.site = site;
  row.degraded = true;
  row.degraded_reason = "no items on a 200 page";
  row.degraded_since = k_t0;
  row.baseline.crawls = 3;
  row.baseline.items = 12.5;
  update.rows.push_back(row);
  for (const auto& notifier : notifiers)
    update.alerts.push_back({HealthEvent{site, "healthy", "degraded", "no items on a 200 page", k_t0}, notifier});
  return update;
}

TEST(SiteHealthStore, UpdateHealth_WritesRowsAndQueuesOneOperatorAlertPerNotifier) {
  TempDir dir;
  auto store = open_store(dir);
  auto done = store->update_health({"nknews", ""}, [](const std::vector<SiteHealth>& current) {
    EXPECT_TRUE(current.empty());
    return degrade("nknews", {"ops", "mail"});
  });
  ASSERT_TRUE(done) << done.error().message;
  EXPECT_EQ(done->queued.size(), 2u);
  auto rows = store->site_healths();
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(health_state(rows->front()), "degraded");
  EXPECT_EQ(rows->front().degraded_reason, "no items on a 200 page");
  EXPECT_DOUBLE_EQ(rows->front().baseline.items, 12.5);
  EXPECT_EQ(rows->front().baseline.crawls, 3);

  auto alerts = store->alerts(AlertState::pending, 10);
  ASSERT_TRUE(alerts);
  ASSERT_EQ(alerts->size(), 2u);
  const Alert& alert = alerts->front();
  ASSERT_TRUE(alert.health.has_value());
  EXPECT_EQ(alert.health->site, "nknews");
  EXPECT_EQ(alert.health->to, "degraded");
  EXPECT_EQ(alert.item.title, "site nknews degraded: no items on a 200 page");
  EXPECT_FALSE(alert.delivery_id.empty());
}

TEST(SiteHealthStore, OperatorAlert_IsClaimedAndMarkedSentLikeAnyOther) {
  TempDir dir;
  auto store = open_store(dir);
  ASSERT_TRUE(store->update_health({"nknews", ""}, [](const auto&) { return degrade("nknews", {"ops"}); }));
  ClaimRequest request;
  request.now = k_t0 + 1;
  request.owner = "me";
  request.lease_until = k_t0 + 600;
  request.notifiers = {"ops"};
  auto claim = store->claim_due(request);
  ASSERT_TRUE(claim) << claim.error().message;
  ASSERT_EQ(claim->alerts.size(), 1u);
  ASSERT_TRUE(store->mark_sent(claim->alerts.front().id, k_t0 + 2));
  auto again = store->claim_due(request);
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->alerts.empty()) << "sent once";
  auto counts = store->outbox_counts();
  ASSERT_TRUE(counts);
  EXPECT_EQ(counts->sent, 1);
}

TEST(SiteHealthStore, ACallbackThatThrows_WritesNothing) {
  TempDir dir;
  auto store = open_store(dir);
  auto failed =
      store->update_health({"nknews", ""}, [](const auto&) -> HealthUpdate { throw std::runtime_error("boom"); });
  EXPECT_FALSE(failed);
  EXPECT_TRUE(store->site_healths()->empty());
  EXPECT_EQ(store->outbox_counts()->pending, 0);
}

TEST(SiteHealthStore, ItemAlertsStillWork_AfterTheOutboxRebuild) {
  TempDir dir;
  auto store = open_store(dir);
  ASSERT_TRUE(store->apply_crawl(page("a", k_t0, {make_item("one", "One")}), {}));
  auto applied =
      store->apply_crawl(page("a", k_t0 + 60, {make_item("one", "One"), make_item("two", "Two")}), [](const Item&) {
        return std::vector<AlertRequest>{{"w", "ops", {"two"}, true, false, {}}};
      });
  ASSERT_TRUE(applied) << applied.error().message;
  EXPECT_EQ(applied->queued_alerts.size(), 1u);
  auto alerts = store->alerts(std::nullopt, 10);
  ASSERT_TRUE(alerts);
  ASSERT_EQ(alerts->size(), 1u);
  EXPECT_FALSE(alerts->front().health.has_value());
  EXPECT_EQ(alerts->front().item.title, "Two");
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch::testing
