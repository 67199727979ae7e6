// Every statement on the crawl and delivery paths uses an index (issue 10). The test drives a store
// through what the service does (fetch state, crawls with new, revised and retold items, once-per-story
// alerts and feed records, the adaptive interval's counts, claims with quiet hours and a digest, the
// outcomes, the feeds), then asks SQLite for the plan of every statement that connection prepared: the
// SQL is the code's own, as it ran, so the list cannot drift from the code. A plan that scans a table
// (rather than searching an index) or sorts in a temporary B-tree fails, naming the statement.

#include <sqlite3.h>

#include <algorithm>

#include <gtest/gtest.h>

#include "store/sql_store.h"
#include "tests/store/store_test_util.h"

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

using testing::k_t0;
using testing::make_item;
using testing::page;

/// The plan's lines, as `EXPLAIN QUERY PLAN` prints their detail column.
std::vector<std::string> plan_of(sqlite::Database& db, const std::string& sql) {
  sqlite3_stmt* raw = nullptr;
  const std::string explain = "EXPLAIN QUERY PLAN " + sql;
  EXPECT_EQ(sqlite3_prepare_v2(db.handle(), explain.c_str(), -1, &raw, nullptr), SQLITE_OK) << sql;
  sqlite::StmtHandle stmt(raw);
  std::vector<std::string> lines;
  while (stmt && sqlite3_step(stmt.get()) == SQLITE_ROW)
    lines.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(stmt.get(), 3)));
  return lines;
}

/// "SCAN name ..." of a stored table, a temporary B-tree; scans of table-valued functions (json_each),
/// of a CTE or subquery the statement builds itself, and of FTS5 tables (searched by MATCH) are fine.
bool bad_line(const std::string& line, const std::vector<std::string>& plan) {
  if (line.find("USE TEMP B-TREE") != std::string::npos) return true;
  if (line.rfind("SCAN ", 0) != 0 || line.find("VIRTUAL TABLE") != std::string::npos) return false;
  std::string name = line.substr(5, line.find(' ', 5) - 5);
  if (name.front() == '(') return false;  // (subquery-N)
  return std::none_of(plan.begin(), plan.end(), [&](const std::string& other) {
    return other == "MATERIALIZE " + name || other == "CO-ROUTINE " + name;  // a CTE of the statement
  });
}

MatchFn alert_and_feed(const std::string& word) {
  return [word](const Item& item) {
    std::vector<AlertRequest> out;
    if (item.title.find(word) == std::string::npos) return out;
    for (const std::string_view notifier : {std::string_view("hook"), std::string_view("mail"), k_feed_record}) {
      AlertRequest request;
      request.watch = "w";
      request.notifier = std::string(notifier);
      request.matched = {word};
      out.push_back(request);
    }
    return out;
  };
}

/// What the service does with a store, once each way.
void drive(SqlStore& store) {
  const auto match = alert_and_feed("Kursk");
  ASSERT_TRUE(store.fetch_state("nk"));
  for (const char* site : {"nk", "menafn", "yonhap"})  // baselines
    ASSERT_TRUE(store.apply_crawl(page(site, k_t0, {make_item(std::string(site) + "-0", "Old news")}), match));
  ASSERT_TRUE(store.apply_crawl(page("nk", k_t0 + 60,
                                     {make_item("nk-1", "Russia praises North Korean troops for Kursk role"),
                                      make_item("nk-0", "Old news, edited")}),
                                match));
  ASSERT_TRUE(store.apply_crawl(
      page("menafn", k_t0 + 120, {make_item("menafn-1", "Russia praises North Korean soldiers for role in Kursk")}),
      match));
  ASSERT_TRUE(store.apply_crawl(page("yonhap", k_t0 + 180, {}), match));  // an empty page
  ASSERT_TRUE(store.new_item_count("nk", k_t0 - 3600, k_t0 + 3600));
  ASSERT_TRUE(store.set_next_due("nk", k_t0 + 600));
  ClaimRequest claim;
  claim.now = k_t0 + 300;
  claim.owner = "test";
  claim.lease_until = claim.now + 60;
  claim.notifiers = {"hook"};  // mail is not configured here: its rows are held
  claim.digests = {{"hook", 0}};
  claim.quiet = {QuietWatch{"other", claim.now - 10, claim.now + 10, "quiet"}};
  auto claimed = store.claim_due(claim);
  ASSERT_TRUE(claimed) << claimed.error().message;
  ASSERT_FALSE(claimed->alerts.empty());
  const std::int64_t id = claimed->alerts.front().id;
  ASSERT_TRUE(store.mark_retry(id, "test", claim.now + 30, "HTTP 503"));
  claim.now += 60;
  claim.lease_until += 60;
  claimed = store.claim_due(claim);
  ASSERT_TRUE(claimed && !claimed->alerts.empty());
  ASSERT_TRUE(store.mark_sent(claimed->alerts.front().id, claim.now));
  (void)store.mark_failed(claimed->alerts.front().id, "test", "late");  // a late report after the 2xx: ignored
  ASSERT_TRUE(store.feed_matches(std::nullopt, 10));
  ASSERT_TRUE(store.feed_matches(std::string("w"), 10));
}

TEST(QueryPlans, CrawlAndDeliveryStatements_SearchIndexes_NeitherScanningNorSorting) {
  NEWSWATCH_SQLITE_ONLY("SQLite's EXPLAIN QUERY PLAN");
  testing::TempDir dir;
  SqlStore store(testing::db_path(dir, "plans.db"), StoreAccess::create);
  drive(store);
  if (HasFatalFailure()) return;
  const std::vector<std::string> statements = store.database().statements();
  for (const char* expected : {"FROM story_items WHERE seq", "FROM story_items s JOIN items", "FROM items WHERE url",
                               "INSERT INTO outbox", "FROM outbox o WHERE o.story_id", "lease_owner = ?1",
                               "o.notifier = '@feed'", "json_each(?1) AS j JOIN items"}) {
    EXPECT_TRUE(std::any_of(statements.begin(), statements.end(),
                            [&](const std::string& sql) { return sql.find(expected) != std::string::npos; }))
        << "the scenario no longer runs a statement with " << expected;
  }
  for (const std::string& sql : statements) {
    const auto plan = plan_of(dynamic_cast<sqlite::Database&>(store.database()), sql);
    for (const std::string& line : plan) EXPECT_FALSE(bad_line(line, plan)) << line << "\n  in: " << sql;
  }
}

TEST(QueryPlans, ItemListing_BySiteOrSince_SearchesAnIndex) {
  NEWSWATCH_SQLITE_ONLY("SQLite's EXPLAIN QUERY PLAN");
  testing::TempDir dir;
  SqlStore store(testing::db_path(dir, "items.db"), StoreAccess::create);
  ASSERT_TRUE(store.apply_crawl(page("nk", k_t0, {make_item("a", "One"), make_item("b", "Two")}), {}));
  ItemQuery by_site;
  by_site.site = "nk";
  by_site.since = k_t0 - 60;
  by_site.after = ItemCursor{k_t0, 2};
  ItemQuery by_since;
  by_since.since = k_t0 - 60;
  for (const ItemQuery& query : {by_site, by_since, ItemQuery{}}) ASSERT_TRUE(store.items(query));
  int listings = 0;
  for (const std::string& sql : store.database().statements()) {
    if (sql.find("FROM items i WHERE") == std::string::npos) continue;
    ++listings;
    const auto plan = plan_of(dynamic_cast<sqlite::Database&>(store.database()), sql);
    for (const std::string& line : plan) EXPECT_FALSE(bad_line(line, plan)) << line << "\n  in: " << sql;
    const bool by_site_index = std::any_of(plan.begin(), plan.end(), [](const std::string& line) {
      return line.find("items_by_site (site=? AND first_seen>? AND first_seen<?)") != std::string::npos;
    });
    EXPECT_EQ(by_site_index, sql.find("i.site = ?") != std::string::npos) << sql;
  }
  EXPECT_EQ(listings, 2) << "one statement with a site, one without";
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
