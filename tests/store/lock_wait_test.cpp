// The lock wait of a connection (store/sqlite_busy.cpp): a writer waits for
// another connection's write lock, gives up with SQLITE_BUSY when its budget is
// spent, and gives up at once when the store is told to stop waiting (a
// stopping service must not sit out another process's lock).

#include <future>
#include <memory>
#include <thread>

#include <gtest/gtest.h>

#include "store/sqlite.h"
#include "store/store.h"
#include "tests/store/store_test_util.h"

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

using testing::make_item;
using testing::page;

constexpr auto k_ten_minutes = std::chrono::minutes(10);

TEST(LockWait, NoBudget_FailsAtOnceWhileAnotherConnectionWrites) {
  testing::TempDir dir;
  auto path = testing::db_path(dir, "nobudget.db");
  ASSERT_TRUE(testing::open_or_die(path));
  sqlite::Database other(path);
  sqlite::Transaction holder(other);

  sqlite::Database writer(path);
  writer.set_busy_wait(std::chrono::milliseconds(0));
  EXPECT_THROW(sqlite::Transaction attempt(writer), sqlite::SqlError);
}

TEST(LockWait, LockReleasedDuringTheWait_TheWriterProceeds) {
  testing::TempDir dir;
  auto path = testing::db_path(dir, "released.db");
  ASSERT_TRUE(testing::open_or_die(path));
  sqlite::Database other(path);
  auto holder = std::make_unique<sqlite::Transaction>(other);

  sqlite::Database writer(path);
  writer.set_busy_wait(k_ten_minutes);
  auto wrote = std::async(std::launch::async, [&] {
    sqlite::Transaction tx(writer);  // waits for `holder`
    writer.exec("INSERT INTO sites(name) VALUES ('after the wait')");
    tx.commit();
    return true;
  });
  holder.reset();  // rolls back: the lock is free, whenever the writer began waiting
  EXPECT_TRUE(wrote.get());
  EXPECT_EQ(other.scalar("SELECT count(*) FROM sites WHERE name = 'after the wait'"), "1");
}

// Without abandon_lock_waits() this waits ten minutes and the test times out.
TEST(LockWait, StoreToldToStopWaiting_GivesUpOnAHeldLock_AndKeepsWhatWasStored) {
  testing::TempDir dir;
  auto path = testing::db_path(dir, "abandon.db");
  auto store = testing::open_or_die(path);
  ASSERT_TRUE(store->apply_crawl(page("nk", 100, {make_item("a", "Stored before the lock")}), {}));

  sqlite::Database other(path);
  sqlite::Transaction holder(other);  // another process mid-write, never finishing

  sqlite::Database writer(path);
  writer.set_busy_wait(k_ten_minutes);
  auto attempt = std::async(std::launch::async, [&] {
    try {
      sqlite::Transaction tx(writer);
      return std::string("took the lock");
    } catch (const sqlite::SqlError& e) {
      return std::string(e.what());
    }
  });
  writer.abandon_lock_waits();  // before or during the wait: either way it ends now
  const std::string outcome = attempt.get();
  EXPECT_NE(outcome, "took the lock");
  EXPECT_NE(outcome.find("locked"), std::string::npos) << outcome;

  store->abandon_lock_waits();
  auto blocked = store->apply_crawl(page("nk", 200, {make_item("b", "Written while locked")}), {});
  EXPECT_FALSE(blocked) << "the lock is held, and the store no longer waits for it";
  auto items = store->items({});
  ASSERT_TRUE(items) << items.error().message;
  EXPECT_EQ(items->size(), 1u);
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
