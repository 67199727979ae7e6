// The database file: migrations, refusal of newer schemas, WAL, and a reader
// beside a writer (the CLI beside the service).

#include <sqlite3.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <thread>

#include <gtest/gtest.h>

#include "store/migrations.h"
#include "store/sqlite.h"
#include "store/store.h"
#include "tests/store/store_test_util.h"

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

using testing::make_item;
using testing::page;

std::string pragma(const std::string& path, const std::string& name) {
  sqlite::Database db(path);
  return db.scalar("PRAGMA " + name);
}

/// The schema version stored in the test database `path`, read on its backend.
std::string stored_version(const std::string& path) {
  auto db = testing::inspect(path);
  return db->scalar(testing::on_postgres() ? "SELECT version FROM schema_version" : "PRAGMA user_version");
}

TEST(Database, FreshDatabase_IsMigratedToTheCurrentVersion) {
  testing::TempDir dir;
  auto path = testing::db_path(dir, "fresh.db");
  ASSERT_TRUE(testing::open_or_die(path));
  EXPECT_EQ(stored_version(path), std::to_string(sqlite::schema_version()));
}

TEST(Database, FreshFile_IsInWalMode) {
  NEWSWATCH_SQLITE_ONLY("the journal mode of SQLite's file");
  testing::TempDir dir;
  auto path = testing::db_path(dir, "fresh.db");
  ASSERT_TRUE(testing::open_or_die(path));
  EXPECT_EQ(pragma(path, "journal_mode"), "wal");
}

TEST(Database, ReopenedFile_KeepsItsData) {
  testing::TempDir dir;
  auto path = testing::db_path(dir, "kept.db");
  {
    auto store = testing::open_or_die(path);
    ASSERT_TRUE(store->apply_crawl(page("nk", 100, {make_item("a", "Kept")}), {}));
  }
  auto store = testing::open_or_die(path);
  ASSERT_TRUE(store);
  auto items = store->items({}).value();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].item.title, "Kept");
  EXPECT_TRUE(store->fetch_state("nk")->baseline_done);
}

TEST(Database, NewerSchema_IsRefused_NamingBothVersions) {
  testing::TempDir dir;
  auto path = testing::db_path(dir, "newer.db");
  ASSERT_TRUE(testing::open_or_die(path));
  testing::inspect(path)->exec(testing::on_postgres() ? "UPDATE schema_version SET version = 42"
                                                      : "PRAGMA user_version = 42");
  const std::string address = testing::store_address(path);
  auto store = open_store(address);
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().kind, ErrorKind::storage);
  const std::string& message = store.error().message;
  EXPECT_NE(message.find(address), std::string::npos) << message;
  EXPECT_NE(message.find("42"), std::string::npos) << message;
  EXPECT_NE(message.find("(" + std::to_string(sqlite::schema_version()) + ")"), std::string::npos) << message;
}

TEST(Database, UnopenablePath_IsAStorageErrorNamingThePath) {
  NEWSWATCH_SQLITE_ONLY("a file path");
  auto store = open_sqlite_store("/nonexistent-dir/newswatch.db");
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().kind, ErrorKind::storage);
  EXPECT_NE(store.error().message.find("/nonexistent-dir/newswatch.db"), std::string::npos);
}

TEST(Database, UnreachableServer_IsAStorageErrorNamingTheUriWithoutItsPassword) {
  const std::string uri = "postgresql://newswatch:s3cret@/nodb?host=/nonexistent-dir&port=1";
  auto store = open_store(uri);
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().kind, ErrorKind::storage);
  EXPECT_NE(store.error().message.find("postgresql://newswatch:***@/nodb"), std::string::npos) << store.error().message;
  EXPECT_EQ(store.error().message.find("s3cret"), std::string::npos) << store.error().message;
}

TEST(Database, NotADatabase_IsRefused) {
  NEWSWATCH_SQLITE_ONLY("a file that is not SQLite's");
  testing::TempDir dir;
  auto path = testing::db_path(dir, "junk.db");
  std::ofstream(path) << "this is not an sqlite database, just some text long enough to have a header.....";
  EXPECT_FALSE(open_sqlite_store(path));
}

TEST(Database, ReaderSeesCommittedData_WhileAWriterHoldsATransaction) {
  testing::TempDir dir;
  auto path = testing::db_path(dir, "shared.db");
  auto service = testing::open_or_die(path);
  ASSERT_TRUE(service->apply_crawl(page("nk", 100, {make_item("a", "Committed")}), {}));

  auto writer = testing::inspect(path);
  writer->set_busy_wait(std::chrono::milliseconds(5000));
  sql::Transaction open_write(*writer);  // holds the write lock, uncommitted
  writer->exec("INSERT INTO sites(name) VALUES ('uncommitted')");

  auto cli = testing::open_or_die(path);
  ASSERT_TRUE(cli);
  auto items = cli->items({});
  ASSERT_TRUE(items) << items.error().message;
  EXPECT_EQ(items->size(), 1u);
  auto states = cli->fetch_states().value();
  ASSERT_EQ(states.size(), 1u) << "uncommitted rows are invisible";
}

TEST(Database, WriterWaitsForAnotherWriter_InsteadOfFailing) {
  testing::TempDir dir;
  auto path = testing::db_path(dir, "busy.db");
  auto service = testing::open_or_die(path);
  ASSERT_TRUE(service);

  auto other = testing::inspect(path);
  auto holder = std::make_unique<sql::Transaction>(*other);  // another process mid-write
  other->exec("INSERT INTO sites(name) VALUES ('other writer')");
  if (testing::on_postgres()) {
    // Released once the service is seen waiting for the writers' lock: no sleep decides the order.
    auto result = std::async(std::launch::async,
                             [&] { return service->apply_crawl(page("nk", 100, {make_item("a", "Waited")}), {}); });
    ASSERT_TRUE(testing::wait_for_lock_waiter(path)) << "the service never waited for the lock";
    holder->commit();
    auto applied = result.get();
    ASSERT_TRUE(applied) << applied.error().message;
  } else {
    std::thread release([&] {
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
      holder->commit();
    });
    auto start = std::chrono::steady_clock::now();
    auto result = service->apply_crawl(page("nk", 100, {make_item("a", "Waited")}), {});
    auto waited = std::chrono::steady_clock::now() - start;
    release.join();
    ASSERT_TRUE(result) << result.error().message;
    EXPECT_GE(waited, std::chrono::milliseconds(250)) << "the write lock was held: apply_crawl must have waited";
  }
  EXPECT_EQ(testing::inspect(path)->scalar("SELECT count(*) FROM sites"), "2") << "both writers' rows are kept";
}

TEST(Database, ReadOnlyOpen_MissingFile_SaysSoAndCreatesNothing) {
  NEWSWATCH_SQLITE_ONLY("a missing file");
  testing::TempDir dir;
  auto path = testing::db_path(dir, "missing.db");
  auto store = open_sqlite_store(path, StoreAccess::read_only);
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().message, "no database at " + path + " yet (the service creates it on its first crawl)");
  EXPECT_FALSE(std::filesystem::exists(path)) << "a read-only command must not create an empty database";
}

TEST(Database, ReadOnlyOpen_ReadsWhatTheServiceWrote_AndRefusesWrites) {
  testing::TempDir dir;
  auto path = testing::db_path(dir, "ro.db");
  {
    auto service = testing::open_or_die(path);
    ASSERT_TRUE(service->apply_crawl(page("nk", 100, {make_item("a", "Written")}), {}));
  }
  auto reader = open_store(testing::store_address(path), StoreAccess::read_only);
  ASSERT_TRUE(reader) << reader.error().message;
  auto items = (*reader)->items({});
  ASSERT_TRUE(items) << items.error().message;
  ASSERT_EQ(items->size(), 1u);
  EXPECT_EQ((*items)[0].item.title, "Written");
  EXPECT_TRUE((*reader)->fetch_state("nk")->baseline_done);
  auto write = (*reader)->note_health("nk", "broken");
  ASSERT_FALSE(write);
  const char* refusal = testing::on_postgres() ? "read-only transaction" : "readonly";
  EXPECT_NE(write.error().message.find(refusal), std::string::npos) << write.error().message;
}

TEST(Database, ReadOnlyOpen_OlderSchema_AsksForAServiceStart_WithoutMigrating) {
  NEWSWATCH_SQLITE_ONLY("winds a file back to an older schema (PostgreSQL's starts at version 9)");
  ASSERT_GE(sqlite::schema_version(), 2);
  testing::TempDir dir;
  auto path = testing::db_path(dir, "old.db");
  {
    sqlite::Database db(path);
    sqlite::migrate(db, sqlite::schema_version() - 1);
  }
  auto reader = open_sqlite_store(path, StoreAccess::read_only);
  ASSERT_FALSE(reader);
  EXPECT_NE(reader.error().message.find("start the service"), std::string::npos) << reader.error().message;
  EXPECT_EQ(pragma(path, "user_version"), std::to_string(sqlite::schema_version() - 1)) << "no migration ran";
}

TEST(Database, ReadOnlyOpen_EmptyDatabase_IsRefusedNotMigrated) {
  if (!testing::on_postgres()) GTEST_SKIP() << "PostgreSQL only: SQLite's empty file is the test below";
  testing::TempDir dir;
  const std::string address = testing::store_address(testing::db_path(dir, "empty.db"));  // made, no tables
  auto reader = open_store(address, StoreAccess::read_only);
  ASSERT_FALSE(reader);
  EXPECT_NE(reader.error().message.find("no newswatch tables"), std::string::npos) << reader.error().message;
  EXPECT_EQ(testing::inspect(testing::db_path(dir, "empty.db"))->scalar("SELECT to_regclass('schema_version')"), "")
      << "a read-only command must not create the schema";
}

TEST(Database, ReadOnlyOpen_EmptyFile_IsRefusedNotMigrated) {
  NEWSWATCH_SQLITE_ONLY("an empty file");
  testing::TempDir dir;
  auto path = testing::db_path(dir, "empty.db");
  std::ofstream{path};  // what an older `newswatch status` left behind
  auto reader = open_sqlite_store(path, StoreAccess::read_only);
  ASSERT_FALSE(reader);
  EXPECT_NE(reader.error().message.find("no newswatch tables"), std::string::npos) << reader.error().message;
  EXPECT_EQ(std::filesystem::file_size(path), 0u);
}

TEST(Database, MemoryDatabase_Works) {
  NEWSWATCH_SQLITE_ONLY("SQLite's :memory: database");
  auto store = testing::open_or_die(":memory:");
  ASSERT_TRUE(store);
  EXPECT_TRUE(store->apply_crawl(page("nk", 100, {make_item("a", "Hi")}), {}));
  EXPECT_EQ(store->items({})->size(), 1u);
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
