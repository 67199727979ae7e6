// `newswatch migrate`'s copy (store/copy_database.cpp): a SQLite database made by real crawls (items, a revision,
// a story of two sites, pending, leased and sent alerts, fetch state) copied into a fresh PostgreSQL database
// keeps every row (bytes exact, ids and delivery ids equal), then goes on as the same history: a pending alert is
// claimed with its original delivery id, an unchanged page queues nothing, new ids continue after the old ones.
// Needs the PostgreSQL test cluster (the ctest fixture `postgres`, tests/support/postgres.h); whichever backend the
// rest of the store tests run on, the source here is always SQLite.

#include <map>
#include <set>

#include <fmt/format.h>

#include "store/copy_database.h"
#include "store/migrations.h"
#include "store/postgres.h"
#include "store/sqlite.h"
#include "tests/store/store_test_util.h"
#include "tests/support/postgres.h"

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

using testing::k_t0;
using testing::make_item;
using testing::page;

const char* const k_tables[] = {"sites", "stories", "items", "item_revisions", "outbox", "site_health", "story_items"};

/// Every row of `table` as text (NULL as "<null>"), in no order: what a copy must keep.
std::multiset<std::vector<std::string>> rows_of(sql::Connection& db, const std::string& table,
                                                const std::vector<std::string>& columns) {
  std::string names;
  for (const std::string& c : columns) names += (names.empty() ? "" : ", ") + c;
  std::multiset<std::vector<std::string>> out;
  auto q = db.query("SELECT " + names + " FROM " + table);
  while (q.step()) {
    std::vector<std::string> row;
    for (std::size_t i = 0; i < columns.size(); ++i)
      row.push_back(q.is_null(static_cast<int>(i)) ? "<null>" : q.blob(static_cast<int>(i)));
    out.insert(std::move(row));
  }
  return out;
}

std::vector<std::string> columns_of(sql::Connection& sqlite_db, const std::string& table) {
  std::vector<std::string> out;
  auto q = sqlite_db.query("SELECT name FROM pragma_table_info(?1) ORDER BY cid");
  q.bind(1, table);
  while (q.step()) out.push_back(q.text(0));
  return out;
}

ClaimRequest claim(std::int64_t now, const std::string& owner) {
  ClaimRequest request;
  request.now = now;
  request.owner = owner;
  request.lease_until = now + 300;
  request.notifiers = {"hook", "mail"};
  return request;
}

MatchFn flood_alerts() {
  return [](const Item& item) {
    std::vector<AlertRequest> out;
    if (item.title.find("Flood") == std::string::npos) return out;
    for (const char* notifier : {"hook", "mail"}) out.push_back({"floods", notifier, {"flood"}, false, false, {}});
    return out;
  };
}

const std::string k_flood = "Flood warning issued for the Han river basin as heavy rain continues over Seoul";

/// What the source holds after its crawls, for the checks after the copy.
struct History {
  std::int64_t max_item_id = 0;
  std::int64_t max_alert_id = 0;
  std::int64_t pending_id = 0;  ///< never claimed
  std::int64_t leased_id = 0;   ///< claimed by a process of the old installation, not sent
  std::string pending_delivery, leased_delivery;
};

/// Site a's page as its last crawl before the copy saw it (and as it still is).
std::vector<Item> page_a_now() {
  Item old_a = make_item("a-old", "Markets open higher after rate decision");
  old_a.body = std::string("article text\0with a NUL and \xff bytes", 36);
  return {old_a, make_item("a-flood", k_flood)};
}

/// Real crawls of two sites into the SQLite file `path`: baselines, a new item on both (one story, four alerts),
/// a revision; one alert sent, one leased, two pending. Every body byte is kept (an article text with a NUL).
History crawl_history(const std::string& path) {
  auto store = open_sqlite_store(path).value();
  History h;
  Item old_a = make_item("a-old", "Markets open higher");
  old_a.body = std::string("article text\0with a NUL and \xff bytes", 36);
  EXPECT_TRUE(store->apply_crawl(page("a", k_t0, {old_a}), flood_alerts()));
  EXPECT_TRUE(store->apply_crawl(page("b", k_t0, {make_item("b-old", "Weather today")}), flood_alerts()));
  EXPECT_TRUE(store->apply_crawl(page("a", k_t0 + 600, {old_a, make_item("a-flood", k_flood)}), flood_alerts()));
  EXPECT_TRUE(
      store->apply_crawl(page("b", k_t0 + 660, {make_item("b-flood", k_flood, "Rain in Seoul")}), flood_alerts()));
  EXPECT_TRUE(store->apply_crawl(page("a", k_t0 + 1200, page_a_now()), flood_alerts()));  // a-old revised

  ClaimRequest first = claim(k_t0 + 1300, "old-process");
  first.limit = 2;
  const std::vector<Alert> claimed = store->claim_due(first).value().alerts;
  if (claimed.size() != 2u) {
    ADD_FAILURE() << "claimed " << claimed.size() << " alerts, not 2";
    return h;
  }
  EXPECT_TRUE(store->mark_sent(claimed[0].id, k_t0 + 1301));
  h.leased_id = claimed[1].id;
  h.leased_delivery = claimed[1].delivery_id;
  // Kept in locals: a range-for over a temporary's value() would read a destroyed Result.
  const std::vector<Alert> pending = store->alerts(AlertState::pending, 10).value();
  for (const Alert& alert : pending) {
    h.max_alert_id = std::max(h.max_alert_id, alert.id);
    if (alert.id != h.leased_id && h.pending_id == 0) {
      h.pending_id = alert.id;
      h.pending_delivery = alert.delivery_id;
    }
  }
  const std::vector<StoredItem> items = store->items({}).value();
  for (const StoredItem& item : items) h.max_item_id = std::max(h.max_item_id, item.id);
  h.max_alert_id = std::max(h.max_alert_id, claimed[0].id);
  return h;
}

TEST(CopyDatabase, CrawledHistory_EveryRowCopiedExactly_LeasesCleared) {
  NEWSWATCH_SKIP_WITHOUT_POSTGRES();
  test::PostgresDatabase target;
  testing::TempDir dir;
  const std::string source_path = testing::db_path(dir, "history.db");
  const History h = crawl_history(source_path);

  auto report = copy_database(source_path, target.uri());
  ASSERT_TRUE(report) << report.error().message;

  sqlite::Database source(source_path, sqlite::OpenMode::read_only);
  pg::Connection copy(target.uri(), std::nullopt, pg::OpenMode::read_only);
  ASSERT_EQ(report->tables.size(), std::size(k_tables));
  for (std::size_t i = 0; i < std::size(k_tables); ++i) {
    const std::string table = k_tables[i];
    EXPECT_EQ(report->tables[i].first, table) << "copied in dependency order";
    EXPECT_EQ(std::to_string(report->tables[i].second), source.scalar("SELECT count(*) FROM " + table)) << table;
    std::vector<std::string> columns = columns_of(source, table);
    if (table == "outbox") std::erase_if(columns, [](const std::string& c) { return c.starts_with("lease_"); });
    EXPECT_EQ(rows_of(copy, table, columns), rows_of(source, table, columns)) << table << " differs after the copy";
  }
  EXPECT_EQ(copy.scalar("SELECT count(*) FROM outbox WHERE lease_owner IS NOT NULL OR lease_until IS NOT NULL"), "0");
  EXPECT_EQ(copy.scalar("SELECT count(DISTINCT story_id) FROM items WHERE url LIKE '%flood%'"), "1")
      << "the story of two sites stays one";
  EXPECT_EQ(copy.scalar("SELECT count(*) FROM item_revisions"), "1");
  EXPECT_NE(h.pending_id, 0);
}

TEST(CopyDatabase, AfterTheCopy_PendingAlertsKeepTheirDeliveryIds_NoReAlert_IdsContinue) {
  NEWSWATCH_SKIP_WITHOUT_POSTGRES();
  test::PostgresDatabase target;
  testing::TempDir dir;
  const std::string source_path = testing::db_path(dir, "history.db");
  const History h = crawl_history(source_path);
  ASSERT_TRUE(copy_database(source_path, target.uri()));

  auto opened = open_store(target.uri());
  ASSERT_TRUE(opened) << opened.error().message;
  auto store = std::move(*opened);
  // The alert an old process had leased is due at once (its lease was the old installation's), and so is the
  // pending one; both go out with the delivery ids they were queued with.
  auto claim_result = store->claim_due(claim(k_t0 + 1400, "new-process"));
  ASSERT_TRUE(claim_result) << claim_result.error().message;
  const auto& claimed = claim_result->alerts;
  std::map<std::int64_t, std::string> delivery;
  for (const Alert& alert : claimed) delivery[alert.id] = alert.delivery_id;
  ASSERT_EQ(claimed.size(), 3u);
  EXPECT_EQ(delivery[h.pending_id], h.pending_delivery);
  EXPECT_EQ(delivery[h.leased_id], h.leased_delivery);

  auto fetch_state = store->fetch_state("a");
  ASSERT_TRUE(fetch_state) << fetch_state.error().message;
  const FetchState& state = *fetch_state;
  EXPECT_EQ(state.etag, "\"etag-" + std::to_string(k_t0 + 1200) + "\"");
  EXPECT_TRUE(state.baseline_done);

  // The next crawl of the unchanged page queues nothing: the copied items are known.
  auto again = store->apply_crawl(page("a", k_t0 + 1800, page_a_now()), flood_alerts());
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->items_new, 0);
  EXPECT_TRUE(again->queued_alerts.empty());

  // A new item and its alerts take ids after the old ones.
  auto fresh = store->apply_crawl(page("b", k_t0 + 2400, {make_item("b-flood-2", "Flood waters recede in Busan")}),
                                  flood_alerts());
  ASSERT_TRUE(fresh) << fresh.error().message;
  ASSERT_EQ(fresh->queued_alerts.size(), 2u);
  for (std::int64_t id : fresh->queued_alerts) EXPECT_GT(id, h.max_alert_id);
  ItemQuery query;
  query.site = "b";
  query.limit = 1;
  auto newest = store->items(query);
  ASSERT_TRUE(newest) << newest.error().message;
  for (const StoredItem& item : *newest) EXPECT_GT(item.id, h.max_item_id);
}

TEST(CopyDatabase, TargetWithRows_IsRefusedNamingTheCounts_AndLeftAsItWas) {
  NEWSWATCH_SKIP_WITHOUT_POSTGRES();
  test::PostgresDatabase target;
  testing::TempDir dir;
  const std::string source_path = testing::db_path(dir, "history.db");
  crawl_history(source_path);
  ASSERT_TRUE(copy_database(source_path, target.uri()));
  auto again = copy_database(source_path, target.uri());
  ASSERT_FALSE(again);
  EXPECT_NE(again.error().message.find("already holds 2 sites, 4 items and 4 alerts"), std::string::npos)
      << again.error().message;
  EXPECT_NE(again.error().message.find("empty database only"), std::string::npos);
  pg::Connection copy(target.uri(), std::nullopt, pg::OpenMode::read_only);
  EXPECT_EQ(copy.scalar("SELECT count(*) FROM items"), "4");
}

TEST(CopyDatabase, SourceAtAnOlderSchema_IsRefusedSayingToRunTheServiceOnce) {
  NEWSWATCH_SKIP_WITHOUT_POSTGRES();
  test::PostgresDatabase target;
  testing::TempDir dir;
  const std::string source_path = testing::db_path(dir, "old.db");
  {
    sqlite::Database old(source_path);
    sqlite::migrate(old, sqlite::schema_version() - 1);
  }
  auto copied = copy_database(source_path, target.uri());
  ASSERT_FALSE(copied);
  EXPECT_NE(copied.error().message.find(fmt::format("is at schema version {}, this binary's is {}: run this newswatch "
                                                    "on it once",
                                                    sqlite::schema_version() - 1, sqlite::schema_version())),
            std::string::npos)
      << copied.error().message;
}

TEST(CopyDatabase, SourceColumnTheTargetLacks_FailsTheCopy_NothingWritten) {
  NEWSWATCH_SKIP_WITHOUT_POSTGRES();
  test::PostgresDatabase target;
  testing::TempDir dir;
  const std::string source_path = testing::db_path(dir, "history.db");
  crawl_history(source_path);
  sqlite::Database(source_path).exec("ALTER TABLE item_revisions ADD COLUMN editor TEXT");
  auto copied = copy_database(source_path, target.uri());
  ASSERT_FALSE(copied);
  EXPECT_NE(copied.error().message.find("column item_revisions.editor has no counterpart"), std::string::npos)
      << copied.error().message;
  pg::Connection copy(target.uri(), std::nullopt, pg::OpenMode::read_only);
  EXPECT_EQ(copy.scalar("SELECT count(*) FROM items"), "0") << "the copy is one transaction";
}

TEST(CopyDatabase, WrongKindsOfArguments_AreUsageErrors) {
  EXPECT_EQ(copy_database("/tmp/x.db", "/tmp/y.db").error().kind, ErrorKind::usage);
  EXPECT_EQ(copy_database("postgresql://a/b", "postgresql://c/d").error().kind, ErrorKind::usage);
  auto missing = copy_database("/nonexistent/newswatch.db", "postgresql://nobody@/x");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().message, "no SQLite database at /nonexistent/newswatch.db");
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
