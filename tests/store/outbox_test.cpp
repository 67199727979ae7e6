#include <gtest/gtest.h>

#include "store/store.h"
#include "tests/store/store_test_util.h"

namespace newswatch {
namespace {

using testing::make_item;
using testing::match_word;
using testing::page;

using testing::k_t0;

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

  std::unique_ptr<Store> m_store;
  std::vector<std::int64_t> m_ids;
};

TEST_F(Outbox, DueAlerts_AreFullyFilled_OldestFirst) {
  auto due = m_store->due_alerts(k_t0 + 10, 10).value();
  ASSERT_EQ(due.size(), 4u);
  EXPECT_EQ(due[0].id, m_ids[0]);
  EXPECT_LT(due[0].id, due[1].id);
  EXPECT_EQ(due[0].watch, "w");
  EXPECT_EQ(due[0].notifier, "hook");
  EXPECT_EQ(due[0].item.title, "Kursk one");
  EXPECT_EQ(due[0].item.site, "nk");
  EXPECT_EQ(due[0].item.url, "https://news.example/b/");
  EXPECT_EQ(due[0].item.authors, std::vector<std::string>{"A. Writer"});
  EXPECT_FALSE(due[0].story_id.empty());
  EXPECT_EQ(due[0].story_sources, std::vector<std::string>{"nk"});
  EXPECT_EQ(due[0].state, AlertState::pending);
  EXPECT_EQ(due[0].created_at, k_t0 + 10);
  EXPECT_TRUE(m_store->due_alerts(k_t0 + 9, 10)->empty()) << "not due before next_attempt_at";
  EXPECT_EQ(m_store->due_alerts(k_t0 + 10, 3)->size(), 3u);
}

TEST_F(Outbox, Retry_CountsAttempt_AndDefersUntilNextAttempt) {
  ASSERT_TRUE(m_store->mark_retry(m_ids[0], k_t0 + 100, "HTTP 503"));
  Alert a = get(m_ids[0]);
  EXPECT_EQ(a.attempts, 1);
  EXPECT_EQ(a.next_attempt_at, k_t0 + 100);
  EXPECT_EQ(a.last_error, "HTTP 503");
  EXPECT_EQ(m_store->due_alerts(k_t0 + 50, 10)->size(), 3u);
  EXPECT_EQ(m_store->due_alerts(k_t0 + 100, 10)->size(), 4u);
}

TEST_F(Outbox, MarkSent_IsIdempotent_AndFinal) {
  ASSERT_TRUE(m_store->mark_sent(m_ids[0], k_t0 + 20));
  ASSERT_TRUE(m_store->mark_sent(m_ids[0], k_t0 + 30));
  Alert a = get(m_ids[0]);
  EXPECT_EQ(a.state, AlertState::sent);
  EXPECT_EQ(a.sent_at, k_t0 + 20);
  EXPECT_TRUE(m_store->mark_failed(m_ids[0], "late"));  // a late failure report changes nothing
  EXPECT_EQ(get(m_ids[0]).state, AlertState::sent);
  EXPECT_EQ(m_store->retry_now(m_ids[0], k_t0 + 40).value(), 0) << "a sent alert is not replayed";
  EXPECT_EQ(m_store->due_alerts(k_t0 + 100, 10)->size(), 3u);
}

TEST_F(Outbox, MarkFailed_KeepsTheAlert_AndRetryNowReplaysIt) {
  ASSERT_TRUE(m_store->mark_failed(m_ids[1], "HTTP 404"));
  Alert a = get(m_ids[1]);
  EXPECT_EQ(a.state, AlertState::failed);
  EXPECT_EQ(a.attempts, 1);
  EXPECT_EQ(m_store->alerts(AlertState::failed, 10)->size(), 1u);
  EXPECT_EQ(m_store->retry_now(m_ids[1], k_t0 + 500).value(), 1);
  a = get(m_ids[1]);
  EXPECT_EQ(a.state, AlertState::pending);
  EXPECT_EQ(a.next_attempt_at, k_t0 + 500);
  ASSERT_TRUE(m_store->mark_sent(m_ids[1], k_t0 + 501));
  EXPECT_EQ(get(m_ids[1]).id, m_ids[1]) << "same delivery id after replay";
}

TEST_F(Outbox, RetryNowAll_MakesPendingAndFailedDueNow) {
  ASSERT_TRUE(m_store->mark_sent(m_ids[0], k_t0 + 20));
  ASSERT_TRUE(m_store->mark_failed(m_ids[1], "gave up"));
  ASSERT_TRUE(m_store->mark_retry(m_ids[2], k_t0 + 9999, "busy"));
  EXPECT_EQ(m_store->retry_now(std::nullopt, k_t0 + 30).value(), 3);
  EXPECT_EQ(m_store->due_alerts(k_t0 + 30, 10)->size(), 3u);
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
  EXPECT_FALSE(m_store->mark_retry(9999, k_t0, "x"));
  EXPECT_FALSE(m_store->mark_failed(9999, "x"));
  EXPECT_FALSE(m_store->alert(9999).value().has_value());
  EXPECT_EQ(m_store->retry_now(9999, k_t0).value(), 0);
}

}  // namespace
}  // namespace newswatch
