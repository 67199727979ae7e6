// The database file: migrations, refusal of newer schemas, WAL, and a reader
// beside a writer (the CLI beside the service).

#include <sqlite3.h>

#include <chrono>
#include <filesystem>
#include <fstream>
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

TEST(Database, FreshFile_IsMigratedToTheCurrentVersion_InWalMode) {
  testing::TempDir dir;
  auto path = testing::db_path(dir, "fresh.db");
  ASSERT_TRUE(testing::open_or_die(path));
  EXPECT_EQ(pragma(path, "user_version"), std::to_string(sqlite::schema_version()));
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
  sqlite::Database(path).exec("PRAGMA user_version = 42");
  auto store = open_sqlite_store(path);
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().kind, ErrorKind::storage);
  const std::string& message = store.error().message;
  EXPECT_NE(message.find(path), std::string::npos) << message;
  EXPECT_NE(message.find("42"), std::string::npos) << message;
  EXPECT_NE(message.find("(" + std::to_string(sqlite::schema_version()) + ")"), std::string::npos) << message;
}

TEST(Database, UnopenablePath_IsAStorageErrorNamingThePath) {
  auto store = open_sqlite_store("/nonexistent-dir/newswatch.db");
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().kind, ErrorKind::storage);
  EXPECT_NE(store.error().message.find("/nonexistent-dir/newswatch.db"), std::string::npos);
}

TEST(Database, NotADatabase_IsRefused) {
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

  sqlite::Database writer(path);
  writer.exec("PRAGMA busy_timeout = 5000");
  sqlite::Transaction open_write(writer);  // holds the write lock, uncommitted
  writer.exec("INSERT INTO sites(name) VALUES ('uncommitted')");

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

  sqlite::Database other(path);
  auto holder = std::make_unique<sqlite::Transaction>(other);  // another process mid-write
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

TEST(Database, ReadOnlyOpen_MissingFile_SaysSoAndCreatesNothing) {
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
  auto reader = open_sqlite_store(path, StoreAccess::read_only);
  ASSERT_TRUE(reader) << reader.error().message;
  auto items = (*reader)->items({});
  ASSERT_TRUE(items) << items.error().message;
  ASSERT_EQ(items->size(), 1u);
  EXPECT_EQ((*items)[0].item.title, "Written");
  EXPECT_TRUE((*reader)->fetch_state("nk")->baseline_done);
  auto write = (*reader)->note_health("nk", "broken");
  ASSERT_FALSE(write);
  EXPECT_NE(write.error().message.find("readonly"), std::string::npos) << write.error().message;
}

TEST(Database, ReadOnlyOpen_OlderSchema_AsksForAServiceStart_WithoutMigrating) {
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

TEST(Database, ReadOnlyOpen_EmptyFile_IsRefusedNotMigrated) {
  testing::TempDir dir;
  auto path = testing::db_path(dir, "empty.db");
  std::ofstream{path};  // what an older `newswatch status` left behind
  auto reader = open_sqlite_store(path, StoreAccess::read_only);
  ASSERT_FALSE(reader);
  EXPECT_NE(reader.error().message.find("no newswatch tables"), std::string::npos) << reader.error().message;
  EXPECT_EQ(std::filesystem::file_size(path), 0u);
}

TEST(Database, MemoryDatabase_Works) {
  auto store = testing::open_or_die(":memory:");
  ASSERT_TRUE(store);
  EXPECT_TRUE(store->apply_crawl(page("nk", 100, {make_item("a", "Hi")}), {}));
  EXPECT_EQ(store->items({})->size(), 1u);
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
