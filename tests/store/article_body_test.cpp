// Article text in the store (migration 8, store/item_body.h): kept with the item (compressed when large),
// read back where items are read for matching, found by the full-text pre-filter alone or with a headline word,
// forgotten by the index when retention deletes the item; alerts say when the text could not be fetched; and a
// database from before the step is migrated without losing anything.

#include <map>

#include <gtest/gtest.h>

#include "store/migrations.h"
#include "store/sqlite.h"
#include "store/store.h"
#include "tests/store/store_test_util.h"

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

using testing::k_t0;
using testing::make_item;
using testing::page;

Item with_body(Item item, std::string body) {
  item.body = std::move(body);
  return item;
}

std::string long_body() {
  std::string body;
  for (int i = 0; i < 400; ++i) body += "Paragraph " + std::to_string(i) + " of a long report on the talks.\n\n";
  return body + "Near the end the envoy Choe Son Hui spoke.";
}

class ArticleBodyStore : public ::testing::Test {
 protected:
  void SetUp() override {
    m_path = testing::db_path(m_dir, "news.db");
    m_store = testing::open_or_die(m_path);
    ASSERT_TRUE(m_store);
    ASSERT_TRUE(m_store->apply_crawl(page("nk", k_t0, {make_item("old", "Baseline")}), {}));
  }

  std::vector<std::string> search(TextFilter filter) {
    ItemQuery query;
    query.text = std::move(filter);
    query.limit = 0;
    std::vector<std::string> out;
    const auto rows = m_store->items(query).value();
    for (const StoredItem& s : rows) out.push_back(s.item.title);
    return out;
  }

  std::string stored_body(const std::string& title) {
    const auto rows = m_store->items({}).value();
    for (const StoredItem& s : rows)
      if (s.item.title == title) return s.item.body;
    ADD_FAILURE() << "no item " << title;
    return {};
  }

  testing::TempDir m_dir;
  std::string m_path;
  std::unique_ptr<Store> m_store;
};

TEST_F(ArticleBodyStore, ShortAndLongBodies_ReadBackExactly_TheLongOneCompressed) {
  const std::string body = long_body();
  ASSERT_GT(body.size(), 4096u);
  ASSERT_TRUE(m_store->apply_crawl(
      page("nk", k_t0 + 60,
           {with_body(make_item("a", "Short"), "One paragraph."), with_body(make_item("b", "Long"), body)}),
      {}));
  EXPECT_EQ(stored_body("Short"), "One paragraph.");
  EXPECT_EQ(stored_body("Long"), body);
  EXPECT_EQ(stored_body("Baseline"), "");
  auto db = testing::inspect(m_path);
  EXPECT_EQ(db->scalar("SELECT body_zlib FROM items WHERE title = 'Long'"), "1");
  EXPECT_EQ(db->scalar("SELECT body_zlib FROM items WHERE title = 'Short'"), "0");
  EXPECT_LT(std::stoul(db->scalar("SELECT length(body) FROM items WHERE title = 'Long'")), body.size() / 4);
}

// PostgreSQL returns BYTEA as text, "\x" and hex digits: a body that itself reads like that must not be
// decoded twice or taken for an encoding.
TEST_F(ArticleBodyStore, BodyThatLooksLikeHexEncodedBytes_ReadsBackAsWritten) {
  const std::string body = "\\x4b4f \\x00 quoted: 'a' \"b\" \\ 한국어 — ❄";
  ASSERT_TRUE(m_store->apply_crawl(page("nk", k_t0 + 60, {with_body(make_item("a", "Odd"), body)}), {}));
  EXPECT_EQ(stored_body("Odd"), body);
}

// A database an administrator set to bytea_output = 'escape' (for an older client) must not change what the
// store reads: article bodies, compressed or not, and the story index's token hashes that join two outlets.
TEST_F(ArticleBodyStore, DatabaseSetToEscapedByteaOutput_StillReadsBodiesAndStoriesExactly) {
  if (!testing::on_postgres()) GTEST_SKIP() << "PostgreSQL only: its bytea_output setting";
  auto admin = testing::inspect(m_path);
  admin->exec("ALTER DATABASE " + admin->scalar("SELECT current_database()") + " SET bytea_output = 'escape'");
  auto store = testing::open_or_die(m_path);  // a new connection takes the database's setting
  ASSERT_TRUE(store);
  const std::string headline = "Kursk liberated by Russian and North Korean troops";
  ASSERT_TRUE(store->apply_crawl(
      page("nk", k_t0 + 60,
           {with_body(make_item("a", headline), long_body()), with_body(make_item("b", "Short"), "One paragraph.")}),
      {}));
  ASSERT_TRUE(store->apply_crawl(page("other", k_t0 + 120, {make_item("c", headline + " again")}), {}));
  std::map<std::string, StoredItem> by_title;
  auto rows = store->items({}).value();
  for (StoredItem& s : rows) by_title[s.item.title] = std::move(s);
  EXPECT_EQ(by_title[headline].item.body, long_body());
  EXPECT_EQ(by_title["Short"].item.body, "One paragraph.");
  EXPECT_EQ(by_title[headline + " again"].story_id, by_title[headline].story_id);
}

TEST_F(ArticleBodyStore, WordsOfTheBody_PassTheFullTextFilter_AloneOrWithAHeadlineWord) {
  ASSERT_TRUE(m_store->apply_crawl(
      page("nk", k_t0 + 60, {with_body(make_item("a", "Talks resume"), long_body()), make_item("b", "Choe in Moscow")}),
      {}));
  EXPECT_EQ(search(TextFilter{{{{"choe", "son", "hui"}}}}), std::vector<std::string>{"Talks resume"});
  // One clause in the headline, one in the body: the item passes.
  EXPECT_EQ(search(TextFilter{{{{"talks"}}, {{"envoy"}}}}), std::vector<std::string>{"Talks resume"});
  EXPECT_EQ(search(TextFilter{{{{"choe"}}}}), (std::vector<std::string>{"Choe in Moscow", "Talks resume"}));
  EXPECT_EQ(m_store->count_matching(TextFilter{{{{"choe"}}, {{"envoy"}}}}).value(), 1);
  EXPECT_TRUE(search(TextFilter{{{{"envoy"}}, {{"absent"}}}}).empty());
}

TEST_F(ArticleBodyStore, AlertOfAnItemWhoseArticleWasUnavailable_SaysSo_AndCarriesTheBodyOtherwise) {
  CrawlOutcome crawl = page(
      "nk", k_t0 + 60, {with_body(make_item("a", "Kursk read"), "Text about Kursk."), make_item("b", "Kursk unread")});
  crawl.bodies_unavailable = {"https://news.example/b/"};
  auto applied = m_store->apply_crawl(crawl, [&crawl](const Item& item) {
    auto requests = testing::match_word("Kursk")(item);
    for (AlertRequest& r : requests)
      r.body_unavailable =
          std::binary_search(crawl.bodies_unavailable.begin(), crawl.bodies_unavailable.end(), item.url);
    return requests;
  });
  ASSERT_TRUE(applied) << applied.error().message;
  ASSERT_EQ(applied->queued_alerts.size(), 4u);
  int unavailable = 0;
  const auto rows = m_store->alerts(std::nullopt, 10).value();
  for (const Alert& alert : rows) {
    if (alert.item.title == "Kursk unread") {
      EXPECT_TRUE(alert.body_unavailable);
      ++unavailable;
    } else {
      EXPECT_FALSE(alert.body_unavailable);
      EXPECT_EQ(alert.item.body, "Text about Kursk.");
    }
  }
  EXPECT_EQ(unavailable, 2);
}

TEST_F(ArticleBodyStore, Retention_DeletesTheItem_AndItsBodyLeavesTheIndex) {
  ASSERT_TRUE(m_store->apply_crawl(page("nk", k_t0 + 60, {with_body(make_item("a", "Old talks"), long_body())}), {}));
  ASSERT_EQ(m_store->count_matching(TextFilter{{{{"envoy"}}}}).value(), 1);
  auto pruned = m_store->prune(k_t0 + 100, 100);
  ASSERT_TRUE(pruned) << pruned.error().message;
  EXPECT_EQ(pruned->items, 2);
  EXPECT_EQ(m_store->count_matching(TextFilter{{{{"envoy"}}}}).value(), 0);
  // SQLite's contentless FTS5 index must be told to drop the text; PostgreSQL's search column goes with the row.
  if (testing::on_postgres()) return;
  sqlite::Database db(m_path);
  EXPECT_EQ(db.scalar("SELECT COUNT(*) FROM items_body_fts WHERE items_body_fts MATCH 'envoy'"), "0");
}

TEST(ArticleBodyMigration, DatabaseOfSchema7_GainsBodies_KeepingItsItemsAlertsAndIndex) {
  testing::TempDir dir;
  const std::string path = testing::db_path(dir, "v7.db");
  NEWSWATCH_SQLITE_ONLY("winds a SQLite file back to schema 7; PostgreSQL's schema starts at 9");
  {
    sqlite::Database db(path);
    sqlite::migrate(db, 7);
  }
  {  // a schema-7 store with items and an alert, written by hand as that binary would have
    sqlite::Database db(path);
    db.exec(
        "INSERT INTO sites(name, url, baseline_done, baseline_url) VALUES ('nk', 'https://nk.example/news/', 1, "
        "'https://nk.example/news/');"
        "INSERT INTO stories(id, created_at) VALUES ('s1', 1);"
        "INSERT INTO items(url, site, title, summary, first_seen, last_seen, story_id) VALUES "
        "('https://news.example/a/', 'nk', 'Kursk liberated', 'A summary', 1, 1, 's1');"
        "INSERT INTO outbox(watch, notifier, item_id, story_id, created_at, next_attempt_at, delivery_id) VALUES "
        "('w', 'hook', 1, 's1', 1, 1, '00000000-0000-4000-8000-000000000000');");
  }
  auto store = testing::open_or_die(path);
  ASSERT_TRUE(store);
  EXPECT_EQ(sqlite::Database(path).scalar("PRAGMA user_version"), std::to_string(sqlite::schema_version()));
  auto items = store->items({}).value();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].item.title, "Kursk liberated");
  EXPECT_EQ(items[0].item.body, "");
  auto alerts = store->alerts(std::nullopt, 10).value();
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_FALSE(alerts[0].body_unavailable);
  EXPECT_EQ(alerts[0].delivery_id, "00000000-0000-4000-8000-000000000000");
  EXPECT_EQ(store->count_matching(TextFilter{{{{"kursk"}}}}).value(), 1);
  // And it takes bodies from now on.
  ASSERT_TRUE(store->apply_crawl(page("nk", k_t0, {with_body(make_item("b", "New"), "Words of the envoy.")}), {}));
  EXPECT_EQ(store->count_matching(TextFilter{{{{"envoy"}}}}).value(), 1);
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
