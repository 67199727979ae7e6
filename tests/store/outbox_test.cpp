#include <gtest/gtest.h>

#include <regex>
#include <set>

#include <sqlite3.h>

#include "store/store.h"
#include "tests/store/store_test_util.h"

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

using testing::make_item;
using testing::match_word;
using testing::page;

using testing::k_t0;

constexpr std::int64_t k_lease = 300;

ClaimRequest claim_request(std::int64_t now, const std::string& owner = "me", int limit = 10) {
  ClaimRequest request;
  request.now = now;
  request.owner = owner;
  request.lease_until = now + k_lease;
  request.limit = limit;
  request.notifiers = {"hook", "mail"};
  return request;
}

std::vector<std::int64_t> ids_of(const Claim& claim) {
  std::vector<std::int64_t> ids;
  for (const Alert& alert : claim.alerts) ids.push_back(alert.id);
  return ids;
}

class Outbox : public ::testing::Test {
 protected:
  void SetUp() override {
    m_store = testing::open_or_die(":memory:");
    ASSERT_TRUE(m_store);
    ASSERT_TRUE(m_store->apply_crawl(page("nk", k_t0, {make_item("a", "Old")}), match_word("Kursk")));
    auto queued = m_store->apply_crawl(
        page("nk", k_t0 + 10, {make_item("b", "Kursk one"), make_item("c", "Kursk two")}), match_word("Kursk", false));
    ASSERT_TRUE(queued);
    m_ids = queued->queued_alerts;
    ASSERT_EQ(m_ids.size(), 4u);
  }

  Alert get(std::int64_t id) { return m_store->alert(id).value().value(); }
  std::vector<std::int64_t> claim(std::int64_t now, const std::string& owner = "me", int limit = 10) {
    return ids_of(m_store->claim_due(claim_request(now, owner, limit)).value());
  }

  std::unique_ptr<Store> m_store;
  std::vector<std::int64_t> m_ids;
};

TEST_F(Outbox, Claim_LeasesDueRows_FullyFilled_OldestFirst) {
  EXPECT_TRUE(claim(k_t0 + 9).empty()) << "not due before next_attempt_at";
  auto claimed = m_store->claim_due(claim_request(k_t0 + 10, "me", 3)).value();
  ASSERT_EQ(claimed.alerts.size(), 3u);
  const Alert& first = claimed.alerts[0];
  EXPECT_EQ(first.id, m_ids[0]);
  EXPECT_LT(claimed.alerts[0].id, claimed.alerts[1].id);
  EXPECT_EQ(first.watch, "w");
  EXPECT_EQ(first.notifier, "hook");
  EXPECT_EQ(first.item.title, "Kursk one");
  EXPECT_EQ(first.item.site, "nk");
  EXPECT_EQ(first.item.url, "https://news.example/b/");
  EXPECT_EQ(first.item.authors, std::vector<std::string>{"A. Writer"});
  EXPECT_FALSE(first.story_id.empty());
  EXPECT_EQ(first.story_sources, std::vector<std::string>{"nk"});
  EXPECT_EQ(first.state, AlertState::pending);
  EXPECT_EQ(first.created_at, k_t0 + 10);
  EXPECT_EQ(claim(k_t0 + 10), std::vector<std::int64_t>{m_ids[3]}) << "leased rows are not claimed again";
}

TEST_F(Outbox, Claim_TwoProcesses_NeverGetTheSameRow) {
  auto mine = claim(k_t0 + 10, "process-a", 2);
  auto theirs = claim(k_t0 + 10, "process-b", 10);
  EXPECT_EQ(mine.size(), 2u);
  EXPECT_EQ(theirs.size(), 2u);
  std::set<std::int64_t> all(mine.begin(), mine.end());
  all.insert(theirs.begin(), theirs.end());
  EXPECT_EQ(all.size(), 4u) << "each row leased to one owner";
  EXPECT_TRUE(claim(k_t0 + 10, "process-c").empty());
}

TEST_F(Outbox, Claim_ExpiredLease_IsTakenOver_AndTheOldOwnerCannotRecordARetry) {
  ASSERT_EQ(claim(k_t0 + 10, "dead").size(), 4u);
  EXPECT_TRUE(claim(k_t0 + 10 + k_lease, "live").empty()) << "the lease holds until it expires";
  EXPECT_EQ(claim(k_t0 + 11 + k_lease, "live").size(), 4u);
  EXPECT_FALSE(m_store->mark_retry(m_ids[0], "dead", k_t0 + 9999, "HTTP 503")) << "not the owner any more";
  EXPECT_FALSE(m_store->mark_failed(m_ids[0], "dead", "HTTP 404"));
  EXPECT_EQ(get(m_ids[0]).attempts, 0);
  EXPECT_TRUE(m_store->mark_retry(m_ids[0], "live", k_t0 + 9999, "HTTP 503"));
}

TEST_F(Outbox, Retry_CountsAttempt_EndsLease_AndDefersUntilNextAttempt) {
  ASSERT_EQ(claim(k_t0 + 10).size(), 4u);
  ASSERT_TRUE(m_store->mark_retry(m_ids[0], "me", k_t0 + 100, "HTTP 503"));
  Alert a = get(m_ids[0]);
  EXPECT_EQ(a.attempts, 1);
  EXPECT_EQ(a.next_attempt_at, k_t0 + 100);
  EXPECT_EQ(a.last_error, "HTTP 503");
  EXPECT_TRUE(claim(k_t0 + 50, "other").empty());
  EXPECT_EQ(claim(k_t0 + 100, "other"), std::vector<std::int64_t>{m_ids[0]}) << "no lease left once recorded";
}

TEST_F(Outbox, MarkSent_IsIdempotent_AndFinal) {
  ASSERT_EQ(claim(k_t0 + 10).size(), 4u);
  ASSERT_TRUE(m_store->mark_sent(m_ids[0], k_t0 + 20));
  ASSERT_TRUE(m_store->mark_sent(m_ids[0], k_t0 + 30));
  Alert a = get(m_ids[0]);
  EXPECT_EQ(a.state, AlertState::sent);
  EXPECT_EQ(a.sent_at, k_t0 + 20);
  EXPECT_TRUE(m_store->mark_failed(m_ids[0], "me", "late"));  // a late failure report changes nothing
  EXPECT_EQ(get(m_ids[0]).state, AlertState::sent);
  EXPECT_EQ(m_store->retry_now(m_ids[0], k_t0 + 40).value(), 0) << "a sent alert is not replayed";
  EXPECT_EQ(claim(k_t0 + 100 + k_lease, "other").size(), 3u);
}

TEST_F(Outbox, MarkSent_OnTheFirstAttempt_CountsThatAttempt) {
  ASSERT_EQ(claim(k_t0 + 10).size(), 4u);
  ASSERT_TRUE(m_store->mark_sent(m_ids[0], k_t0 + 20));
  ASSERT_TRUE(m_store->mark_sent(m_ids[0], k_t0 + 30));
  EXPECT_EQ(get(m_ids[0]).attempts, 1) << "delivered on the first attempt: tries 1, and a second mark adds none";
}

TEST_F(Outbox, MarkSent_AfterARetry_CountsBothAttempts) {
  ASSERT_EQ(claim(k_t0 + 10).size(), 4u);
  ASSERT_TRUE(m_store->mark_retry(m_ids[0], "me", k_t0 + 100, "HTTP 503"));
  auto again = m_store->claim_due(claim_request(k_t0 + 100)).value();
  ASSERT_EQ(ids_of(again), std::vector<std::int64_t>{m_ids[0]});
  EXPECT_EQ(again.alerts.front().attempts, 1) << "the claim shows the attempts made before this one (backoff input)";
  ASSERT_TRUE(m_store->mark_sent(m_ids[0], k_t0 + 101));
  EXPECT_EQ(get(m_ids[0]).attempts, 2);
}

TEST_F(Outbox, MarkFailed_KeepsTheAlert_AndRetryNowReplaysIt) {
  ASSERT_EQ(claim(k_t0 + 10).size(), 4u);
  ASSERT_TRUE(m_store->mark_failed(m_ids[1], "me", "HTTP 404"));
  Alert a = get(m_ids[1]);
  EXPECT_EQ(a.state, AlertState::failed);
  EXPECT_EQ(a.attempts, 1);
  EXPECT_EQ(m_store->alerts(AlertState::failed, 10)->size(), 1u);
  EXPECT_EQ(m_store->retry_now(m_ids[1], k_t0 + 500).value(), 1);
  a = get(m_ids[1]);
  EXPECT_EQ(a.state, AlertState::pending);
  EXPECT_EQ(a.next_attempt_at, k_t0 + 500);
  std::string delivery = a.delivery_id;
  ASSERT_TRUE(m_store->mark_sent(m_ids[1], k_t0 + 501));
  EXPECT_EQ(get(m_ids[1]).delivery_id, delivery) << "same delivery id after replay";
}

TEST_F(Outbox, RetryNowAll_MakesPendingAndFailedDueNow) {
  ASSERT_EQ(claim(k_t0 + 10).size(), 4u);
  ASSERT_TRUE(m_store->mark_sent(m_ids[0], k_t0 + 20));
  ASSERT_TRUE(m_store->mark_failed(m_ids[1], "me", "gave up"));
  ASSERT_TRUE(m_store->mark_retry(m_ids[2], "me", k_t0 + 9999, "busy"));
  ASSERT_TRUE(m_store->mark_retry(m_ids[3], "me", k_t0 + 9999, "busy"));
  EXPECT_EQ(m_store->retry_now(std::nullopt, k_t0 + 30).value(), 3);
  EXPECT_EQ(claim(k_t0 + 30).size(), 3u);
  auto counts = m_store->outbox_counts().value();
  EXPECT_EQ(counts.pending, 3);
  EXPECT_EQ(counts.sent, 1);
  EXPECT_EQ(counts.failed, 0);
}

TEST_F(Outbox, Alerts_NewestFirst_FilteredByState) {
  ASSERT_TRUE(m_store->mark_sent(m_ids[0], k_t0 + 20));
  auto all = m_store->alerts(std::nullopt, 10).value();
  ASSERT_EQ(all.size(), 4u);
  EXPECT_EQ(all[0].id, m_ids[3]);
  auto sent = m_store->alerts(AlertState::sent, 10).value();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].id, m_ids[0]);
  EXPECT_EQ(m_store->alerts(std::nullopt, 2)->size(), 2u);
}

TEST_F(Outbox, UnknownId_IsAnErrorForMarks_AndNothingForQueries) {
  EXPECT_FALSE(m_store->mark_sent(9999, k_t0));
  EXPECT_FALSE(m_store->mark_retry(9999, "me", k_t0, "x"));
  EXPECT_FALSE(m_store->mark_failed(9999, "me", "x"));
  EXPECT_FALSE(m_store->retarget(9999, "hook"));
  EXPECT_FALSE(m_store->alert(9999).value().has_value());
  EXPECT_EQ(m_store->retry_now(9999, k_t0).value(), 0);
}

TEST_F(Outbox, ClaimOnlyId_TakesThatRowAlone) {
  auto request = claim_request(k_t0 + 10);
  request.only_id = m_ids[2];
  EXPECT_EQ(ids_of(m_store->claim_due(request).value()), std::vector<std::int64_t>{m_ids[2]});
  EXPECT_EQ(claim(k_t0 + 10).size(), 3u) << "the other rows were left alone";
}

TEST_F(Outbox, UnconfiguredNotifier_HoldsItsRowsWithAReason_AndReleasesThemWhenItIsBack) {
  auto request = claim_request(k_t0 + 10);
  request.notifiers = {"hook"};
  auto claimed = m_store->claim_due(request).value();
  EXPECT_EQ(claimed.alerts.size(), 2u) << "only hook rows";
  EXPECT_EQ(claimed.held, 2);
  auto held = m_store->alerts(AlertState::held, 10).value();
  ASSERT_EQ(held.size(), 2u);
  EXPECT_EQ(held[0].notifier, "mail");
  EXPECT_EQ(held[0].held_reason, "notifier 'mail' is not configured");
  EXPECT_EQ(m_store->alerts(AlertState::pending, 10)->size(), 2u) << "held rows are not listed as pending";
  EXPECT_EQ(m_store->outbox_counts()->held, 2);
  EXPECT_EQ(m_store->alerts(AlertState::failed, 10)->size(), 0u) << "held, not failed";

  request.now = k_t0 + 5000;  // days later the notifier is configured again
  request.lease_until = request.now + k_lease;
  request.notifiers = {"hook", "mail"};
  for (std::int64_t hook_row : {m_ids[0], m_ids[2]}) ASSERT_TRUE(m_store->mark_sent(hook_row, k_t0 + 11));
  claimed = m_store->claim_due(request).value();
  EXPECT_EQ(claimed.released, 2);
  ASSERT_EQ(claimed.alerts.size(), 2u);
  EXPECT_EQ(claimed.alerts[0].notifier, "mail");
  EXPECT_EQ(claimed.alerts[0].state, AlertState::pending);
  EXPECT_EQ(claimed.alerts[0].created_at, k_t0 + 5000) << "a fresh 24-hour retry window";
}

TEST_F(Outbox, Retarget_SendsAHeldAlertToAnotherNotifier) {
  auto request = claim_request(k_t0 + 10);
  request.notifiers = {"hook"};
  ASSERT_TRUE(m_store->claim_due(request));
  std::int64_t mail_row = m_store->alerts(AlertState::held, 10).value()[0].id;
  EXPECT_FALSE(m_store->retarget(mail_row, "hook")) << "hook already has this item from watch w";
  ASSERT_TRUE(m_store->retarget(mail_row, "pager"));
  Alert a = get(mail_row);
  EXPECT_EQ(a.notifier, "pager");
  EXPECT_EQ(a.state, AlertState::pending);
  request.notifiers = {"hook", "pager"};
  EXPECT_EQ(ids_of(m_store->claim_due(request).value()), std::vector<std::int64_t>{mail_row});
}

TEST(OutboxDigest, NotDueDigestRows_DoNotCrowdOutADueWebhookRow) {
  auto store = testing::open_or_die(":memory:");
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->apply_crawl(page("nk", k_t0, {make_item("base", "Base")}), match_word("x")));
  MatchFn match = [](const Item& item) {
    bool hook = item.title == "Webhook news";
    return std::vector<AlertRequest>{{"w", hook ? "hook" : "mail", {"x"}, false, false, {}}};
  };
  // 2,000 digest rows from 200 crawls of 10 (more in one crawl would be a flood: one summary row). Each crawl
  // lists only its ten new items: a page listing all it ever showed would make the setup quadratic.
  std::vector<Item> listed{make_item("hooked", "Webhook news")};
  std::size_t queued = 0;
  for (int crawl = 0; crawl < 200; ++crawl) {
    for (int i = 0; i < 10; ++i)
      listed.push_back(make_item("d" + std::to_string(crawl * 10 + i), "Digest " + std::to_string(crawl * 10 + i)));
    queued += store->apply_crawl(page("nk", k_t0 + 10, listed), match)->queued_alerts.size();
    listed.clear();
  }
  ASSERT_EQ(queued, 2001u);

  auto request = claim_request(k_t0 + 20, "me", 1000);
  request.digests = {{"mail", 3600}};  // the digest waits an hour: none of its rows is due
  auto claimed = store->claim_due(request).value();
  ASSERT_EQ(claimed.alerts.size(), 1u) << "only the due row, whatever the batch size";
  EXPECT_EQ(claimed.alerts[0].notifier, "hook");
  ASSERT_TRUE(store->mark_sent(claimed.alerts[0].id, k_t0 + 21));

  request.now = k_t0 + 10 + 3600;  // the oldest digest row has waited: the whole digest is due
  request.lease_until = request.now + k_lease;
  request.limit = 5000;
  EXPECT_EQ(store->claim_due(request)->alerts.size(), 2000u);
}

TEST(OutboxDeliveryId, IsARandomUuid_NeverReusedAfterTheDatabaseIsRestored) {
  testing::TempDir dir;
  const std::string db = testing::db_path(dir, "newswatch.db");
  const std::string backup = testing::db_path(dir, "backup.db");
  const std::regex uuid("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  {
    auto store = testing::open_or_die(db);
    ASSERT_TRUE(store->apply_crawl(page("nk", k_t0, {make_item("a", "Old")}), match_word("Kursk")));
  }  // closed: the WAL is checkpointed into the file
  testing::copy_database(db, backup);
  std::set<std::string> seen;
  std::int64_t delivered_row = 0;
  {
    auto store = testing::open_or_die(db);
    auto queued = store->apply_crawl(page("nk", k_t0 + 10, {make_item("b", "Kursk one")}), match_word("Kursk"));
    ASSERT_EQ(queued->queued_alerts.size(), 2u);
    delivered_row = queued->queued_alerts[0];
    for (std::int64_t id : queued->queued_alerts) {
      Alert alert = store->alert(id).value().value();
      EXPECT_TRUE(std::regex_match(alert.delivery_id, uuid)) << alert.delivery_id;
      seen.insert(alert.delivery_id);
      ASSERT_TRUE(store->mark_sent(id, k_t0 + 11));
    }
  }
  testing::copy_database(backup, db);  // restore
  auto store = testing::open_or_die(db);
  auto queued = store->apply_crawl(page("nk", k_t0 + 20, {make_item("c", "Kursk two")}), match_word("Kursk"));
  ASSERT_EQ(queued->queued_alerts.size(), 2u);
  EXPECT_EQ(queued->queued_alerts[0], delivered_row) << "the restored file hands out the same row id again";
  for (std::int64_t id : queued->queued_alerts)
    EXPECT_EQ(seen.count(store->alert(id).value().value().delivery_id), 0u) << "a delivery id named two alerts";
}

TEST(OutboxDeliveryId, OlderDatabase_GetsAUniqueIdForEveryExistingRow) {
  NEWSWATCH_SQLITE_ONLY("winds a SQLite file back to schema 2; PostgreSQL's schema starts at version 9");
  testing::TempDir dir;
  const std::string db = testing::db_path(dir, "old.db");
  {
    auto store = testing::open_or_die(db);
    ASSERT_TRUE(store->apply_crawl(page("nk", k_t0, {make_item("a", "Old")}), match_word("Kursk")));
    ASSERT_EQ(store
                  ->apply_crawl(page("nk", k_t0 + 10, {make_item("b", "Kursk one"), make_item("c", "Kursk two")}),
                                match_word("Kursk", false))
                  ->queued_alerts.size(),
              4u);
  }
  {  // back to schema 2: the outbox as it was before delivery ids and leases (and the later full-text step)
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(db.c_str(), &raw), SQLITE_OK);
    std::unique_ptr<sqlite3, decltype(&sqlite3_close)> handle(raw, &sqlite3_close);
    const char* downgrade =
        "DROP TRIGGER items_fts_after_insert; DROP TRIGGER items_fts_after_delete; "
        "DROP TRIGGER items_fts_after_update; DROP TABLE items_fts; DROP INDEX outbox_by_item; "
        "DROP INDEX item_revisions_by_replaced_at; DROP INDEX items_by_last_seen; "
        "ALTER TABLE sites DROP COLUMN baseline_url; ALTER TABLE outbox DROP COLUMN also; "
        "ALTER TABLE outbox DROP COLUMN also_watches; DROP INDEX outbox_by_delivery_id; ALTER TABLE outbox DROP COLUMN "
        "delivery_id; "
        "ALTER TABLE outbox DROP COLUMN lease_owner; ALTER TABLE outbox DROP COLUMN lease_until; "
        "ALTER TABLE outbox DROP COLUMN held_reason; DROP TABLE items_body_fts; ALTER TABLE items DROP COLUMN "
        "body_zlib; ALTER TABLE items DROP COLUMN body; ALTER TABLE outbox DROP COLUMN body_unavailable; "
        "PRAGMA user_version = 2;";
    ASSERT_EQ(sqlite3_exec(raw, downgrade, nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(raw);
  }
  auto store = testing::open_or_die(db);
  std::set<std::string> ids;
  auto alerts = store->alerts(std::nullopt, 10).value();
  for (const Alert& alert : alerts) {
    EXPECT_EQ(alert.delivery_id.size(), 36u) << alert.delivery_id;
    ids.insert(alert.delivery_id);
  }
  EXPECT_EQ(ids.size(), 4u);
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
