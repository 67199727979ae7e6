// The store's part in feeds and quiet hours: every match recorded once per (watch, item) for the feeds,
// stored as sent and kept out of the alerts listing and counts; and a claim that puts off the rows of a
// watch in its quiet window until the window ends.

#include <gtest/gtest.h>

#include <memory>

#include <sqlite3.h>

#include "store/store.h"
#include "tests/store/store_test_util.h"

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

using testing::k_t0;
using testing::make_item;
using testing::page;

/// Watch "w" (to notifier "hook" and the feed record) matches titles with "Kursk"; watch "loud" those with "Kim".
std::vector<AlertRequest> match(const Item& item) {
  std::vector<AlertRequest> out;
  for (const auto& [word, watch] : {std::pair{"Kursk", "w"}, std::pair{"Kim", "loud"}}) {
    if (item.title.find(word) == std::string::npos) continue;
    out.push_back({watch, "hook", {word}, false, false, {}});
    out.push_back({watch, std::string(k_feed_record), {word}, false, false, {}});
  }
  return out;
}

class FeedAndQuiet : public ::testing::Test {
 protected:
  void SetUp() override {
    m_store = testing::open_or_die(":memory:");
    ASSERT_TRUE(m_store);
    ASSERT_TRUE(m_store->apply_crawl(page("nk", k_t0, {make_item("old", "Old")}), match));
  }
  ApplyResult crawl(std::int64_t at, std::vector<Item> items) {
    return m_store->apply_crawl(page("nk", at, items), match).value();
  }
  ClaimRequest claim_at(std::int64_t now) {
    ClaimRequest request;
    request.now = now;
    request.owner = "me";
    request.lease_until = now + 300;
    request.notifiers = {"hook"};
    return request;
  }
  std::unique_ptr<Store> m_store;
};

TEST_F(FeedAndQuiet, MatchesAreRecordedForTheFeed_NotListedAsAlerts) {
  ApplyResult applied = crawl(k_t0 + 10, {make_item("a", "Kursk"), make_item("b", "Kim in Kursk")});
  EXPECT_EQ(applied.queued_alerts.size(), 2u) << "one alert per item for hook; feed records are not queued";
  auto all = m_store->feed_matches(std::nullopt, 10).value();
  ASSERT_EQ(all.size(), 3u);  // a for w; b for w and for loud (one row per watch, never merged)
  for (const Alert& record : all) {
    EXPECT_EQ(record.state, AlertState::sent);
    EXPECT_TRUE(record.item.key.starts_with("https://news.example/")) << "the identity feed entry ids hash";
  }
  EXPECT_EQ(all.front().item.title, "Kim in Kursk") << "newest first";
  auto w = m_store->feed_matches(std::string("w"), 10).value();
  ASSERT_EQ(w.size(), 2u);
  EXPECT_EQ(w[0].item.title, "Kim in Kursk");
  EXPECT_EQ(w[1].item.title, "Kursk");
  EXPECT_EQ(m_store->feed_matches(std::string("w"), 1).value().size(), 1u);
  const std::vector<Alert> listed =
      m_store->alerts(std::nullopt, 100).value();  // a named copy: the loop outlives a temporary
  for (const Alert& alert : listed) EXPECT_EQ(alert.notifier, "hook");
  OutboxCounts counts = m_store->outbox_counts().value();
  EXPECT_EQ(counts.pending + counts.sent + counts.failed + counts.held, 2);
}

TEST_F(FeedAndQuiet, AFlood_IsOneSummaryAlert_ButEveryItemInTheFeed) {
  std::vector<Item> items;
  for (int i = 0; i < 15; ++i) items.push_back(make_item("k" + std::to_string(i), "Kursk " + std::to_string(i)));
  EXPECT_EQ(crawl(k_t0 + 10, items).queued_alerts.size(), 1u);
  EXPECT_EQ(m_store->feed_matches(std::string("w"), 100).value().size(), 15u);
}

TEST_F(FeedAndQuiet, QuietWatch_RowsWaitUntilTheWindowEnds_ThenAreDue) {
  crawl(k_t0 + 100, {make_item("a", "Kursk")});
  ClaimRequest inside = claim_at(k_t0 + 200);
  inside.quiet = {{"w", k_t0 + 50, k_t0 + 5000, "quiet hours (test)"}};
  EXPECT_TRUE(m_store->claim_due(inside).value().alerts.empty());
  Alert waiting = m_store->alerts(AlertState::pending, 10).value().at(0);
  EXPECT_EQ(waiting.next_attempt_at, k_t0 + 5000);
  EXPECT_EQ(waiting.last_error, "quiet hours (test)");
  // Later, still inside: nothing; once the window is over the row is due (no quiet watches are passed then).
  inside.now = k_t0 + 4999;
  EXPECT_TRUE(m_store->claim_due(inside).value().alerts.empty());
  auto after = m_store->claim_due(claim_at(k_t0 + 5000)).value();
  ASSERT_EQ(after.alerts.size(), 1u);
  EXPECT_EQ(after.alerts[0].item.title, "Kursk");
}

TEST_F(FeedAndQuiet, RowsCreatedBeforeTheWindow_OrNamingAWatchThatIsNotQuiet_GoAtOnce) {
  crawl(k_t0 + 100, {make_item("a", "Kursk")});         // before the window opens
  crawl(k_t0 + 300, {make_item("b", "Kim in Kursk")});  // one row naming w and loud: loud is not quiet
  ClaimRequest inside = claim_at(k_t0 + 400);
  inside.quiet = {{"w", k_t0 + 200, k_t0 + 5000, "quiet hours (test)"}};
  EXPECT_EQ(m_store->claim_due(inside).value().alerts.size(), 2u);
}

TEST_F(FeedAndQuiet, RetryByHand_IgnoresQuietHours) {
  crawl(k_t0 + 100, {make_item("a", "Kursk")});
  ClaimRequest inside = claim_at(k_t0 + 200);
  inside.quiet = {{"w", k_t0 + 50, k_t0 + 5000, "quiet hours (test)"}};
  ASSERT_TRUE(m_store->claim_due(inside).value().alerts.empty());
  ASSERT_EQ(m_store->retry_now(std::nullopt, k_t0 + 300).value(), 1);
  // `alerts retry` passes no quiet watches (the dispatcher's drain_now): due now.
  EXPECT_EQ(m_store->claim_due(claim_at(k_t0 + 300)).value().alerts.size(), 1u);
}

TEST(FeedQueries, WalkAnIndexWithoutSorting) {
  NEWSWATCH_SQLITE_ONLY("reads SQLite's EXPLAIN QUERY PLAN of the feed queries");
  // The plans of store/outbox_feed.cpp's two queries (their WHERE and ORDER BY), on the real schema.
  testing::TempDir dir;
  const std::string path = testing::db_path(dir, "plan.db");
  ASSERT_TRUE(testing::open_or_die(path));
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &raw), SQLITE_OK);
  std::unique_ptr<sqlite3, decltype(&sqlite3_close)> db(raw, sqlite3_close);
  auto plan = [&](const std::string& tail) {
    std::string sql = "EXPLAIN QUERY PLAN SELECT o.id FROM outbox o LEFT JOIN items i ON i.id = o.item_id " + tail;
    sqlite3_stmt* stmt = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db.get(), sql.c_str(), -1, &stmt, nullptr), SQLITE_OK) << sqlite3_errmsg(db.get());
    std::string out;
    while (sqlite3_step(stmt) == SQLITE_ROW)
      out += std::string(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 3))) + "; ";
    sqlite3_finalize(stmt);
    return out;
  };
  std::string one = plan("WHERE o.notifier = '@feed' AND o.watch = 'w' ORDER BY o.item_id DESC LIMIT 50");
  EXPECT_NE(one.find("COVERING INDEX sqlite_autoindex_outbox_1 (watch=? AND notifier=?)"), std::string::npos) << one;
  EXPECT_EQ(one.find("TEMP B-TREE"), std::string::npos) << one;
  std::string all = plan("WHERE o.notifier = '@feed' ORDER BY o.id DESC LIMIT 50");
  EXPECT_EQ(all.find("TEMP B-TREE"), std::string::npos) << all;
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
