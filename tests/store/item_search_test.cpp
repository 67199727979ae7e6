// Item queries over everything stored: the full-text pre-filter (items_fts),
// keyset paging, and the index built for items stored before it existed.

#include <algorithm>

#include <gtest/gtest.h>

#include "store/sql_store.h"
#include "store/sqlite.h"
#include "store/store.h"
#include "tests/store/store_test_util.h"

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

using testing::k_t0;
using testing::make_item;
using testing::page;

TextFilter any_of(std::vector<std::vector<std::string>> phrases) {
  return TextFilter{{std::move(phrases)}};
}

class ItemSearch : public ::testing::Test {
 protected:
  void SetUp() override {
    m_path = testing::db_path(m_dir, "news.db");
    m_store = testing::open_or_die(m_path);
    ASSERT_TRUE(m_store);
  }

  std::vector<std::string> titles(ItemQuery query) {
    query.limit = 0;
    auto items = m_store->items(query);
    EXPECT_TRUE(items) << (items ? "" : items.error().message);
    std::vector<std::string> out;
    if (items)
      for (const auto& s : *items) out.push_back(s.item.title);
    return out;
  }

  std::vector<std::string> search(const TextFilter& filter) {
    ItemQuery query;
    query.text = filter;
    return titles(query);
  }

  testing::TempDir m_dir;
  std::string m_path;
  std::unique_ptr<Store> m_store;
};

TEST_F(ItemSearch, OnlyMatchIsTheOldestOfMoreThan100000Items_IsFound) {
  ASSERT_TRUE(m_store->apply_crawl(page("nk", k_t0, {make_item("oldest", "Kursk liberated, officials say")}), {}));
  {
    auto db = testing::inspect(m_path);
    sql::Transaction tx(*db);
    // On PostgreSQL the store writes items.search itself; rows added behind its back need theirs too
    // (plain ASCII words: the 'simple' configuration makes the same lexemes the store would).
    const bool pg = testing::on_postgres();
    db->exec(std::string("WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 100001) "
                         "INSERT INTO items(url, site, title, summary, first_seen, last_seen") +
             (pg ? ", search" : "") +
             ") SELECT 'https://news.example/filler-' || x, 'nk', 'Filler story ' || x, 'Nothing to see', "
             "1755000000 + x, 1755000000 + x" +
             (pg ? ", to_tsvector('simple', 'Filler story ' || x || ' Nothing to see')" : "") + " FROM n");
    tx.commit();
  }
  ASSERT_EQ(m_store->item_count().value(), 100002);
  EXPECT_EQ(search(any_of({{"kursk"}})), std::vector<std::string>{"Kursk liberated, officials say"});
  EXPECT_EQ(search(any_of({{"officials", "say"}})), std::vector<std::string>{"Kursk liberated, officials say"});
  EXPECT_TRUE(search(any_of({{"say", "officials"}})).empty()) << "a phrase keeps its word order";
  EXPECT_EQ(m_store->count_matching(any_of({{"kursk"}})).value(), 1);
  EXPECT_EQ(m_store->count_matching(any_of({{"filler", "story"}})).value(), 100001);
}

TEST_F(ItemSearch, Clauses_AreAnded_PhrasesOfAClauseOred_CaseAndDiacriticsFolded) {
  ASSERT_TRUE(
      m_store->apply_crawl(page("nk", k_t0,
                                {make_item("a", "DPRK condemns Israel"), make_item("b", "North Korea and Russia"),
                                 make_item("c", "Pérez visits Pyongyang", "Russia’s envoy too")}),
                           {}));
  TextFilter korea_and_russia{{{{"dprk"}, {"north", "korea"}, {"pyongyang"}}, {{"russia"}}}};
  EXPECT_EQ(search(korea_and_russia), (std::vector<std::string>{"Pérez visits Pyongyang", "North Korea and Russia"}));
  EXPECT_EQ(search(any_of({{"perez"}})), std::vector<std::string>{"Pérez visits Pyongyang"});
  EXPECT_TRUE(search(any_of({{"a\"b OR c"}})).empty()) << "a token is never read as FTS5 syntax";
  EXPECT_TRUE(search(TextFilter{{{}}}).empty()) << "a clause without phrases passes nothing";
}

Item with_body(Item item, std::string body) {
  item.body = std::move(body);
  return item;
}

TEST_F(ItemSearch, ArticleText_IsSearched_DiacriticsFolded_AndNoPhraseSpansTwoFields) {
  ASSERT_TRUE(m_store->apply_crawl(
      page("nk", k_t0,
           {with_body(make_item("a", "Envoy arrives", "Talks begin"),
                      "\u00c7a s\u2019est pass\u00e9 \u00e0 \u041a\u0443\u0457\u0432 \u2014 der Einheit.")}),
      {}));
  EXPECT_EQ(search(any_of({{"passé", "à"}})), std::vector<std::string>{"Envoy arrives"}) << "s\u2019est: two words";
  EXPECT_EQ(search(any_of({{"pass\u0065\u0301"}})), std::vector<std::string>{"Envoy arrives"});
  EXPECT_EQ(search(any_of({{"\u043a\u0443\u0457\u0432"}})), std::vector<std::string>{"Envoy arrives"});
  EXPECT_EQ(search(any_of({{"kyiv"}})), std::vector<std::string>{}) << "no transliteration";
  EXPECT_TRUE(search(any_of({{"arrives", "talks"}})).empty())
      << "the title's last word and the summary's first are no phrase";
}

TEST_F(ItemSearch, SharpSAndCompatibilityForms_FoldAsTheMatcherFoldsThem) {
  if (!testing::on_postgres())
    GTEST_SKIP() << "PostgreSQL only: SQLite's FTS5 (unicode61) keeps \u00df and full-width letters as they are, "
                    "so there these items are missed (a known gap of SQLite's pre-filter)";
  ASSERT_TRUE(m_store->apply_crawl(
      page("nk", k_t0,
           {with_body(make_item("a", "Envoy arrives"),
                      "STRA\u00dfE der Einheit, \ufb01nal \uff24\uff30\uff32\uff2b statement, \u2163 Corps.")}),
      {}));
  EXPECT_EQ(search(any_of({{"strasse", "der"}})), std::vector<std::string>{"Envoy arrives"});
  EXPECT_EQ(search(any_of({{"final", "dprk"}})), std::vector<std::string>{"Envoy arrives"});
  EXPECT_EQ(search(any_of({{"iv", "corps"}})), std::vector<std::string>{"Envoy arrives"});
}

TEST_F(ItemSearch, LongArticle_PastPostgresqlsPositions_StillPassesWhereTheMatcherWould) {
  std::string body;
  for (int i = 0; i < 20000; ++i) body += "word" + std::to_string(i % 500) + " ";
  ASSERT_TRUE(m_store->apply_crawl(page("nk", k_t0,
                                        {with_body(make_item("long", "A long read"), body + "Kursk liberated."),
                                         make_item("short", "Liberated towns near Kursk")}),
                                   {}));
  EXPECT_EQ(search(any_of({{"kursk", "liberated"}})), std::vector<std::string>{"A long read"})
      << "the phrase is the article's last two words; the short item has both words, not the phrase";
  EXPECT_EQ(search(any_of({{"word499", "word0"}})), std::vector<std::string>{"A long read"});
}

TEST_F(ItemSearch, FilteredListing_OnPostgresql_ReadsTheSearchIndex_NotEveryItem) {
  if (!testing::on_postgres()) GTEST_SKIP() << "PostgreSQL only: SQLite's plans are query_plan_test.cpp's";
  ASSERT_TRUE(m_store->apply_crawl(page("nk", k_t0, {make_item("oldest", "Kursk liberated, officials say")}), {}));
  auto db = testing::inspect(m_path);
  db->exec(
      "INSERT INTO items(url, site, title, summary, first_seen, last_seen, search) "
      "SELECT 'https://news.example/filler-' || x, 'nk', 'Filler story ' || x, '', 1755000000 + x, "
      "1755000000 + x, to_tsvector('simple', 'Filler story ' || x) FROM generate_series(1, 20000) AS x");
  db->exec("VACUUM ANALYZE items");  // what autovacuum does to a table that grew: statistics, GIN's pending list
  ASSERT_EQ(search(any_of({{"kursk"}})), std::vector<std::string>{"Kursk liberated, officials say"});
  ASSERT_EQ(m_store->count_matching(any_of({{"kursk"}})).value(), 1);
  // The store's filtered statements test items.search with @@, which the GIN index answers.
  const auto statements = dynamic_cast<SqlStore&>(*m_store).database().statements();
  EXPECT_EQ(std::count_if(statements.begin(), statements.end(),
                          [](const std::string& sql) { return sql.find("search @@ CAST(?") != std::string::npos; }),
            2);
  const std::string plan =
      db->scalar("EXPLAIN (FORMAT JSON) SELECT id FROM items WHERE search @@ CAST('''kursk''' AS tsquery)");
  EXPECT_NE(plan.find("\"Index Name\": \"items_search\""), std::string::npos) << plan;
  EXPECT_EQ(plan.find("Seq Scan"), std::string::npos) << plan;
}

TEST_F(ItemSearch, RevisedAndNewItems_AreSearchableAtOnce) {
  ASSERT_TRUE(m_store->apply_crawl(page("nk", k_t0, {make_item("a", "Kim visits factory")}), {}));
  ASSERT_TRUE(m_store->apply_crawl(page("nk", k_t0 + 600, {make_item("a", "Kim visits tractor plant")}), {}));
  EXPECT_TRUE(search(any_of({{"factory"}})).empty());
  EXPECT_EQ(search(any_of({{"tractor"}})), std::vector<std::string>{"Kim visits tractor plant"});
}

TEST_F(ItemSearch, Pages_WalkEveryItemOnce_NewestFirst) {
  std::vector<Item> items;
  for (int i = 0; i < 7; ++i) items.push_back(make_item("i" + std::to_string(i), "Item " + std::to_string(i)));
  ASSERT_TRUE(m_store->apply_crawl(page("nk", k_t0, items), {}));  // one first_seen: the id breaks the tie
  ASSERT_TRUE(m_store->apply_crawl(page("nk", k_t0 + 600, {make_item("new", "Newest")}), {}));
  ItemQuery query;
  query.limit = 3;
  std::vector<std::string> seen;
  for (int pages = 0; pages < 10; ++pages) {
    auto batch = m_store->items(query).value();
    for (const auto& s : batch) seen.push_back(s.item.title);
    if (batch.size() < 3u) break;
    query.after = ItemCursor{batch.back().first_seen, batch.back().id};
  }
  EXPECT_EQ(seen,
            (std::vector<std::string>{"Newest", "Item 6", "Item 5", "Item 4", "Item 3", "Item 2", "Item 1", "Item 0"}));
}

TEST_F(ItemSearch, DatabaseFromBeforeTheIndex_IsIndexedWhenMigrated_AndKeepsItsBaseline) {
  NEWSWATCH_SQLITE_ONLY("winds a file back to schema 3, before FTS5 (PostgreSQL's schema starts at 9)");
  ASSERT_TRUE(m_store->apply_crawl(page("nk", k_t0, {make_item("a", "Kursk liberated")}), {}));
  m_store.reset();
  {  // back to schema 3: what a database written before the full-text index looks like
    sqlite::Database db(m_path);
    db.exec(
        "DROP TRIGGER items_fts_after_insert; DROP TRIGGER items_fts_after_delete; DROP TRIGGER "
        "items_fts_after_update; "
        "DROP TABLE items_fts; DROP INDEX outbox_by_item; DROP INDEX item_revisions_by_replaced_at; "
        "DROP INDEX items_by_last_seen; ALTER TABLE sites DROP COLUMN baseline_url; ALTER TABLE outbox DROP COLUMN "
        "also; ALTER TABLE outbox DROP COLUMN also_watches; DROP TABLE items_body_fts; ALTER TABLE items DROP "
        "COLUMN body_zlib; ALTER TABLE items DROP COLUMN body; ALTER TABLE outbox DROP COLUMN body_unavailable; "
        "PRAGMA user_version = 3");
  }
  m_store = testing::open_or_die(m_path);
  ASSERT_TRUE(m_store);
  EXPECT_EQ(search(any_of({{"kursk"}})), std::vector<std::string>{"Kursk liberated"});
  auto state = m_store->fetch_state("nk").value();
  EXPECT_EQ(state.baseline_url, "https://nk.example/news/");
  auto next =
      m_store->apply_crawl(page("nk", k_t0 + 600, {make_item("b", "Kursk again")}), testing::match_word("Kursk"));
  ASSERT_TRUE(next);
  EXPECT_FALSE(next->baseline) << "an upgrade does not re-baseline every site";
  EXPECT_EQ(next->queued_alerts.size(), 2u);
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
