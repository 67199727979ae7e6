// Claims from several connections at once (store/outbox_claim.cpp): two processes' stores on one database
// lease disjoint rows, and on PostgreSQL a claim passes over rows another transaction holds locked.

#include <gtest/gtest.h>

#include <map>
#include <thread>

#include "store/store.h"
#include "tests/store/store_test_util.h"

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

using testing::k_t0;
using testing::make_item;
using testing::page;

/// Every item alerts notifier "hook" of watch "w", one row per item.
std::vector<AlertRequest> hook_everything(const Item&) {
  return {{"w", "hook", {"any"}, false, false, {}}};
}

/// Queues `rows` alert rows, due at k_t0 + 10, in crawls of ten (more in one crawl would be a flood summary).
std::vector<std::int64_t> queue_rows(Store& store, int rows) {
  std::vector<std::int64_t> ids;
  EXPECT_TRUE(store.apply_crawl(page("nk", k_t0, {make_item("base", "Base")}), hook_everything));
  for (int crawl = 0; crawl * 10 < rows; ++crawl) {
    std::vector<Item> items;
    for (int i = crawl * 10; i < std::min(rows, crawl * 10 + 10); ++i)
      items.push_back(make_item("n" + std::to_string(i), "News " + std::to_string(i)));
    auto applied = store.apply_crawl(page("nk", k_t0 + 10, items), hook_everything);
    EXPECT_TRUE(applied) << applied.error().message;
    if (applied) ids.insert(ids.end(), applied->queued_alerts.begin(), applied->queued_alerts.end());
  }
  return ids;
}

ClaimRequest request_for(const std::string& owner, int limit) {
  ClaimRequest request;
  request.now = k_t0 + 20;
  request.owner = owner;
  request.lease_until = k_t0 + 20 + 300;
  request.limit = limit;
  request.notifiers = {"hook"};
  return request;
}

/// What one process did: the ids it leased, and the calls that failed.
struct Claimer {
  std::vector<std::int64_t> leased;
  std::vector<std::string> errors;
};

/// `rounds` claims of up to `limit` rows, each leased row marked sent before the next claim (the dispatcher's loop).
void claim_rounds(Store& store, const std::string& owner, int rounds, int limit, Claimer& out) {
  for (int round = 0; round < rounds; ++round) {
    auto claim = store.claim_due(request_for(owner, limit));
    if (!claim) {
      out.errors.push_back(claim.error().message);
      continue;
    }
    for (const Alert& alert : claim->alerts) {
      out.leased.push_back(alert.id);
      if (auto sent = store.mark_sent(alert.id, k_t0 + 21); !sent) out.errors.push_back(sent.error().message);
    }
  }
}

TEST(OutboxClaim, TwoConnectionsClaimingAtOnce_LeaseEveryRowExactlyOnce) {
  testing::TempDir dir;
  const std::string path = testing::db_path(dir, "shared.db");
  auto first = testing::open_or_die(path);
  auto second = testing::open_or_die(path);  // the same database: another process's connection
  ASSERT_TRUE(first && second);
  const std::vector<std::int64_t> queued = queue_rows(*first, 200);
  ASSERT_EQ(queued.size(), 200u);

  // 2 x 20 rounds of 10 could lease 400: the rows run out first, so both claimers race for the last ones too.
  Claimer a;
  Claimer b;
  std::thread one([&] { claim_rounds(*first, "process-a", 20, 10, a); });
  std::thread two([&] { claim_rounds(*second, "process-b", 20, 10, b); });
  one.join();
  two.join();

  EXPECT_TRUE(a.errors.empty()) << a.errors.front();
  EXPECT_TRUE(b.errors.empty()) << b.errors.front();
  std::map<std::int64_t, int> times;
  for (const Claimer* claimer : {&a, &b})
    for (std::int64_t id : claimer->leased) ++times[id];
  for (std::int64_t id : queued) EXPECT_EQ(times[id], 1) << "alert " << id << " leased " << times[id] << " times";
  EXPECT_EQ(times.size(), queued.size()) << "a leased row that was never queued";
  auto counts = first->outbox_counts();
  ASSERT_TRUE(counts) << counts.error().message;
  EXPECT_EQ(counts->sent, 200);
  EXPECT_EQ(counts->pending, 0);
}

TEST(OutboxClaim, RowsAnotherTransactionHoldsLocked_AreSkipped_NotWaitedFor) {
  if (!testing::on_postgres()) GTEST_SKIP() << "PostgreSQL only: SQLite locks the whole file, not rows";
  testing::TempDir dir;
  const std::string path = testing::db_path(dir, "locked.db");
  auto store = testing::open_or_die(path);
  ASSERT_TRUE(store);
  const std::vector<std::int64_t> queued = queue_rows(*store, 4);
  ASSERT_EQ(queued.size(), 4u);

  // Another process's transaction holds the two oldest rows (it is marking them, say), outside the writers'
  // advisory lock: the claim must neither take them nor wait for them.
  auto other = testing::inspect(path);
  other->exec("BEGIN");
  other->exec("SELECT id FROM outbox WHERE id IN (" + std::to_string(queued[0]) + ", " + std::to_string(queued[1]) +
              ") FOR UPDATE");
  auto claim = store->claim_due(request_for("me", 10));
  ASSERT_TRUE(claim) << claim.error().message;
  std::vector<std::int64_t> leased;
  for (const Alert& alert : claim->alerts) leased.push_back(alert.id);
  EXPECT_EQ(leased, (std::vector<std::int64_t>{queued[2], queued[3]}));

  other->exec("ROLLBACK");
  auto rest = store->claim_due(request_for("me", 10));
  ASSERT_TRUE(rest) << rest.error().message;
  leased.clear();
  for (const Alert& alert : rest->alerts) leased.push_back(alert.id);
  EXPECT_EQ(leased, (std::vector<std::int64_t>{queued[0], queued[1]})) << "free again once the other lock is gone";
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
