// An item's link (what is stored, shown and sent) apart from its key (its
// identity): an http-only site keeps http links, a sighting under the other
// scheme is the same item, and databases written before links were kept
// (schema 1) upgrade without losing or duplicating items.

#include <gtest/gtest.h>

#include "store/migrations.h"
#include "store/sqlite.h"
#include "tests/store/store_test_util.h"

using namespace newswatch;
namespace nt = newswatch::testing;
using nt::k_t0;
using nt::page;

namespace {
namespace NEWSWATCH_FILE_ID {

constexpr const char* k_key = "https://127.0.0.1:8123/2021/06/a/";
constexpr const char* k_http_link = "http://127.0.0.1:8123/2021/06/a/";

Item seen(const std::string& link, const std::string& title) {
  Item item;
  item.url = link;
  item.key = k_key;
  item.title = title;
  return item;
}

// A database as the schema-1 binary left it: site "nk" past its baseline, one item stored
// under its canonical https URL, and a pending alert for it.
void write_schema_1_database(const std::string& path) {
  sqlite::Database db(path);
  sqlite::migrate(db, 1);
  db.exec("INSERT INTO sites(name, url, baseline_done) VALUES ('nk', 'http://127.0.0.1:8123/', 1)");
  db.exec(
      "INSERT INTO items(id, url, site, title, first_seen, last_seen, tokens) "
      "VALUES (7, 'https://127.0.0.1:8123/2021/06/a/', 'nk', 'Old story', 1755000000, 1755000000, 'old story')");
  db.exec(
      "INSERT INTO outbox(id, watch, notifier, item_id, created_at, next_attempt_at) "
      "VALUES (3, 'w', 'hook', 7, 1755000000, 1755000000)");
}

TEST(ItemLinks, HttpOnlySite_KeepsItsHttpLink_AndTheHttpsSightingIsTheSameItem) {
  auto store = nt::open_or_die(":memory:");
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->apply_crawl(page("nk", k_t0, {nt::make_item("baseline", "Baseline")}), nullptr));
  auto first = store->apply_crawl(page("nk", k_t0 + 60, {seen(k_http_link, "A story")}), nt::match_word("story"));
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->items_new, 1);
  ASSERT_EQ(first->queued_alerts.size(), 2u);
  auto alert = store->alert(first->queued_alerts[0]);
  ASSERT_TRUE(alert && *alert);
  EXPECT_EQ((*alert)->item.url, k_http_link);

  auto again =
      store->apply_crawl(page("nk", k_t0 + 120, {seen("https://127.0.0.1:8123/2021/06/a/?utm_source=x", "A story")}),
                         nt::match_word("story"));
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->items_new, 0);
  EXPECT_TRUE(again->queued_alerts.empty());
  ItemQuery query;
  query.site = "nk";
  query.limit = 50;
  auto items = store->items(query);
  ASSERT_TRUE(items);
  ASSERT_EQ(items->size(), 2u);
  EXPECT_EQ((*items)[0].item.url, k_http_link) << "the first link the page gave stays";
  EXPECT_EQ((*items)[0].item.key, k_key);
}

TEST(ItemLinks, Schema1Database_UpgradesWithoutLosingOrDuplicatingItems) {
  nt::TempDir dir;
  auto path = nt::db_path(dir, "schema1.db");
  NEWSWATCH_SQLITE_ONLY("winds a SQLite file back to schema 1; PostgreSQL's schema starts at 9");
  write_schema_1_database(path);
  auto store = nt::open_or_die(path);
  ASSERT_TRUE(store);
  EXPECT_EQ(sqlite::Database(path).scalar("PRAGMA user_version"), std::to_string(sqlite::schema_version()));
  auto before = store->items({});
  ASSERT_TRUE(before);
  ASSERT_EQ(before->size(), 1u);
  EXPECT_EQ((*before)[0].item.url, k_key) << "until seen again, the key is the best link known";

  auto crawl = store->apply_crawl(page("nk", k_t0 + 3600, {seen(k_http_link, "Old story")}), nt::match_word("story"));
  ASSERT_TRUE(crawl) << crawl.error().message;
  EXPECT_EQ(crawl->items_new, 0);
  EXPECT_TRUE(crawl->queued_alerts.empty());
  auto after = store->items({});
  ASSERT_TRUE(after);
  ASSERT_EQ(after->size(), 1u);
  EXPECT_EQ((*after)[0].id, 7);
  EXPECT_EQ((*after)[0].item.url, k_http_link) << "the link the page gives is recorded at the next sighting";
  auto pending = store->alert(3);
  ASSERT_TRUE(pending && *pending);
  EXPECT_EQ((*pending)->item.url, k_http_link);
  EXPECT_EQ((*pending)->state, AlertState::pending);
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
