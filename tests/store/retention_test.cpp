// Retention: what goes after [service] keep, what stays, bounded batches, and
// the WAL checkpoint that gives the file's space back once readers are gone.

#include <filesystem>

#include <gtest/gtest.h>

#include "store/sqlite.h"
#include "store/store.h"
#include "tests/store/store_test_util.h"

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

using testing::k_t0;
using testing::make_item;
using testing::match_word;
using testing::page;

class Retention : public ::testing::Test {
 protected:
  void SetUp() override {
    m_path = testing::db_path(m_dir, "news.db");
    m_store = testing::open_or_die(m_path);
    ASSERT_TRUE(m_store);
  }

  void apply(const CrawlOutcome& outcome) {
    auto result = m_store->apply_crawl(outcome, match_word("Kursk"));
    ASSERT_TRUE(result) << result.error().message;
  }

  std::int64_t count(const std::string& table) {
    return std::stoll(testing::inspect(m_path)->scalar("SELECT COUNT(*) FROM " + table));
  }

  std::vector<std::string> titles() {
    std::vector<std::string> out;
    ItemQuery all;
    all.limit = 0;
    auto items = m_store->items(all).value();
    for (const auto& s : items) out.push_back(s.item.title);
    return out;
  }

  testing::TempDir m_dir;
  std::string m_path;
  std::unique_ptr<Store> m_store;
};

TEST_F(Retention, OldSentAlertsRevisionsItemsAndStoriesGo_PendingAlertsKeepTheirItems) {
  apply(page("nk", k_t0, {make_item("a", "Kim visits factory"), make_item("b", "Rain in Seoul")}));
  apply(page("nk", k_t0 + 100,
             {make_item("a", "Kim visits tractor factory"), make_item("c", "Kursk liberated"),
              make_item("d", "Kursk drill announced")}));
  auto pending = m_store->alerts(AlertState::pending, 10).value();
  for (const Alert& alert : pending) {
    if (alert.item.title == "Kursk liberated") {
      ASSERT_TRUE(m_store->mark_sent(alert.id, k_t0 + 200));
    }
  }
  apply(page("nk", k_t0 + 5000, {make_item("e", "Fresh news")}));
  ASSERT_EQ(count("stories"), 5);

  auto pruned = m_store->prune(k_t0 + 1000, 100);
  ASSERT_TRUE(pruned) << pruned.error().message;
  EXPECT_EQ(pruned->alerts, 2);
  EXPECT_EQ(pruned->revisions, 1);
  EXPECT_EQ(pruned->items, 3) << "a, b and c: not seen since the cutoff, no alert left";
  EXPECT_EQ(pruned->stories, 3);
  EXPECT_FALSE(pruned->more);

  EXPECT_EQ(titles(), (std::vector<std::string>{"Fresh news", "Kursk drill announced"}));
  auto counts = m_store->outbox_counts().value();
  EXPECT_EQ(counts.pending, 2) << "pending alerts are never pruned";
  EXPECT_EQ(counts.sent, 0);
  EXPECT_EQ(count("item_revisions"), 0);
  EXPECT_EQ(count("stories"), 2);
  ItemQuery search;
  search.text = TextFilter{{{{"factory"}}}};
  EXPECT_TRUE(m_store->items(search)->empty()) << "the full-text entry goes with the item";
}

TEST_F(Retention, RecentAndStillListedItems_Stay) {
  apply(page("nk", k_t0, {make_item("a", "Kim visits factory")}));
  apply(page("nk", k_t0 + 5000, {make_item("a", "Kim visits factory")}));  // still on the listing
  auto pruned = m_store->prune(k_t0 + 1000, 100);
  ASSERT_TRUE(pruned) << pruned.error().message;
  EXPECT_EQ(pruned->items, 0);
  EXPECT_EQ(titles(), std::vector<std::string>{"Kim visits factory"});
}

TEST_F(Retention, DeletesInBatchesOfTheGivenSize_UntilNothingIsLeft) {
  apply(page("nk", k_t0, {make_item("a", "Kim visits factory")}));
  std::vector<Item> kursk;
  for (int i = 0; i < 5; ++i) kursk.push_back(make_item("k" + std::to_string(i), "Kursk item " + std::to_string(i)));
  apply(page("nk", k_t0 + 100, kursk));
  auto pending = m_store->alerts(AlertState::pending, 100).value();
  for (const Alert& alert : pending) ASSERT_TRUE(m_store->mark_sent(alert.id, k_t0 + 200));
  ASSERT_EQ(m_store->outbox_counts()->sent, 10);

  int rounds = 0;
  int alerts = 0;
  for (bool more = true; more; ++rounds) {
    ASSERT_LT(rounds, 20) << "retention must finish";
    auto pruned = m_store->prune(k_t0 + 1000, 3);
    ASSERT_TRUE(pruned) << pruned.error().message;
    EXPECT_LE(pruned->alerts, 3);
    EXPECT_LE(pruned->items, 3);
    alerts += pruned->alerts;
    more = pruned->more;
  }
  EXPECT_EQ(alerts, 10);
  EXPECT_GE(rounds, 4);
  EXPECT_EQ(count("items"), 0);
  EXPECT_EQ(count("stories"), 0);
}

TEST_F(Retention, Checkpoint_TruncatesTheWal_OnceAConcurrentReaderIsReleased) {
  NEWSWATCH_SQLITE_ONLY("the WAL file is SQLite's");
  const std::string wal = m_path + "-wal";
  std::vector<Item> many;
  for (int i = 0; i < 2000; ++i)
    many.push_back(make_item("n" + std::to_string(i), "Story number " + std::to_string(i)));
  apply(page("nk", k_t0, many));

  sqlite::Database reader(m_path);  // a long `items` run in another process
  reader.exec("BEGIN");
  ASSERT_EQ(reader.scalar("SELECT COUNT(*) FROM items"), "2000");
  for (auto& item : many) item.title += " (updated)";
  apply(page("nk", k_t0 + 600, many));

  auto busy = m_store->checkpoint();
  ASSERT_TRUE(busy) << busy.error().message;
  EXPECT_TRUE(busy->busy);
  EXPECT_GT(std::filesystem::file_size(wal), 0u);

  reader.exec("COMMIT");
  apply(page("nk", k_t0 + 1200, {make_item("z", "After the reader")}));
  EXPECT_GT(std::filesystem::file_size(wal), 1u << 20) << "SQLite's own checkpoints never shrink the file";
  auto done = m_store->checkpoint();
  ASSERT_TRUE(done) << done.error().message;
  EXPECT_FALSE(done->busy);
  EXPECT_EQ(std::filesystem::file_size(wal), 0u);
}

TEST_F(Retention, Checkpoint_OnPostgresql_DoesNothingAndSaysSo) {
  if (!testing::on_postgres()) GTEST_SKIP() << "PostgreSQL only: its server keeps its own WAL";
  apply(page("nk", k_t0, {make_item("a", "Kursk liberated")}));
  auto result = m_store->checkpoint();
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_FALSE(result->busy);
  EXPECT_EQ(result->wal_frames, 0);
  EXPECT_EQ(result->checkpointed, 0);
  EXPECT_EQ(titles(), std::vector<std::string>{"Kursk liberated"});
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
