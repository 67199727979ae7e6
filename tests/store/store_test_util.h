#pragma once
// Helpers for the store tests: a temporary database file and crawl builders.

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "store/sql.h"
#include "store/store.h"
#include "tests/support/files.h"

namespace newswatch::testing {

/// A fixed crawl time (August 2025) the store tests count from.
constexpr std::int64_t k_t0 = 1'755'000'000;

/// A temporary directory (tests/support) removed with the db, -wal and -shm files.
using TempDir = newswatch::test::TempDir;

/// The path of a database file inside `dir`.
inline std::string db_path(const TempDir& dir, const std::string& name) {
  return (dir / name).string();
}

inline Item make_item(const std::string& slug, const std::string& title, const std::string& summary = "") {
  Item item;
  item.url = "https://news.example/" + slug + "/";
  item.title = title;
  item.summary = summary;
  item.authors = {"A. Writer"};
  item.published = "2025-08-13";
  return item;
}

inline CrawlOutcome page(const std::string& site, std::int64_t at, std::vector<Item> items) {
  CrawlOutcome outcome;
  outcome.site = site;
  outcome.url = "https://" + site + ".example/news/";
  outcome.at = at;
  outcome.http_status = 200;
  outcome.etag = "\"etag-" + std::to_string(at) + "\"";
  outcome.last_modified = "Wed, 13 Aug 2025 10:00:00 GMT";
  outcome.body_hash = "hash-" + std::to_string(at);
  outcome.items = std::move(items);
  outcome.health = "ok";
  return outcome;
}

/// A matcher that alerts two notifiers of watch "w" for every item whose title contains `word`.
inline MatchFn match_word(const std::string& word, bool once_per_story = true) {
  return [word, once_per_story](const Item& item) {
    std::vector<AlertRequest> out;
    if (item.title.find(word) == std::string::npos) return out;
    for (const char* notifier : {"hook", "mail"}) out.push_back({"w", notifier, {word}, once_per_story, false, {}});
    return out;
  };
}

/// True when this run of the store tests is on PostgreSQL (the ctest cases pg.*: NEWSWATCH_TEST_BACKEND=postgresql).
bool on_postgres();
/// What open_store takes for the test database `path`: the path itself on SQLite; on PostgreSQL the URI of a
/// database of the test cluster made for this path on first use (the same path gives the same database).
std::string store_address(const std::string& path);
/// Copies the test database `from` over `to` (a backup, or restoring one): the file on SQLite; on PostgreSQL a
/// database made with `from` as its template, which `to` names from then on. No connection to `from` may be open.
void copy_database(const std::string& from, const std::string& to);
/// A raw connection to the test database `path` on this run's backend, for tests that read rows directly.
std::unique_ptr<sql::Connection> inspect(const std::string& path);

/// PostgreSQL only: waits (up to a minute) until another connection to the test database `path` is waiting for a
/// lock, such as the writers' advisory lock; false when none did. Lets a test order "waiting, then released"
/// without a sleep.
bool wait_for_lock_waiter(const std::string& path);

/// Skips the test on PostgreSQL, saying why it is SQLite's alone (its file, WAL, query plans, old schemas).
#define NEWSWATCH_SQLITE_ONLY(why) \
  if (::newswatch::testing::on_postgres()) GTEST_SKIP() << "SQLite only: " << why

inline std::unique_ptr<Store> open_or_die(const std::string& path) {
  auto store = open_store(store_address(path));
  if (!store) ADD_FAILURE() << store.error().message;
  return store ? std::move(*store) : nullptr;
}

}  // namespace newswatch::testing
