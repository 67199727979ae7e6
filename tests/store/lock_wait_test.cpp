// The lock wait of a connection (store/sqlite_busy.cpp): a writer waits for
// another connection's write lock, gives up with SQLITE_BUSY when its budget is
// spent, and gives up at once when the store is told to stop waiting (a
// stopping service must not sit out another process's lock).
//
// On PostgreSQL the write lock is the writers' advisory lock every write
// transaction takes at BEGIN (store/postgres.cpp); the budget is lock_timeout,
// and abandon_lock_waits() cancels the statement waiting. Each test there sees
// the other connection waiting (pg_stat_activity) before it acts, so no sleep
// decides the order.

#include <chrono>
#include <future>
#include <iostream>
#include <memory>
#include <thread>

#include <gtest/gtest.h>

#include "store/postgres.h"
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
  NEWSWATCH_SQLITE_ONLY("SQLite's file lock; the Postgres_ tests below are PostgreSQL's");
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
  NEWSWATCH_SQLITE_ONLY("SQLite's file lock; the Postgres_ tests below are PostgreSQL's");
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
  NEWSWATCH_SQLITE_ONLY("SQLite's file lock; the Postgres_ tests below are PostgreSQL's");
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

#define NEWSWATCH_POSTGRES_ONLY() \
  if (!testing::on_postgres()) GTEST_SKIP() << "PostgreSQL only: the writers' advisory lock"

/// A connection to the test database `path` with `wait` as its lock budget.
std::unique_ptr<pg::Connection> pg_writer(const std::string& path, std::chrono::milliseconds wait) {
  auto db = std::make_unique<pg::Connection>(testing::store_address(path), std::nullopt, pg::OpenMode::create);
  db->set_busy_wait(wait);
  return db;
}

/// Tries a write transaction on `db`: "took the lock", or the error that ended the wait.
std::string try_write(sql::Connection& db) {
  try {
    sql::Transaction tx(db);
    return "took the lock";
  } catch (const sql::SqlError& e) {
    return e.what();
  }
}

TEST(LockWait, Postgres_NoBudget_FailsAtOnceWhileAnotherConnectionWrites) {
  NEWSWATCH_POSTGRES_ONLY();
  testing::TempDir dir;
  auto path = testing::db_path(dir, "nobudget.db");
  ASSERT_TRUE(testing::open_or_die(path));
  auto other = pg_writer(path, k_ten_minutes);
  sql::Transaction holder(*other);

  auto writer = pg_writer(path, std::chrono::milliseconds(0));
  const std::string outcome = try_write(*writer);
  EXPECT_NE(outcome.find("lock timeout"), std::string::npos) << outcome;
}

TEST(LockWait, Postgres_LockReleasedDuringTheWait_TheWriterProceeds) {
  NEWSWATCH_POSTGRES_ONLY();
  testing::TempDir dir;
  auto path = testing::db_path(dir, "released.db");
  ASSERT_TRUE(testing::open_or_die(path));
  auto other = pg_writer(path, k_ten_minutes);
  auto holder = std::make_unique<sql::Transaction>(*other);

  auto writer = pg_writer(path, k_ten_minutes);
  auto wrote = std::async(std::launch::async, [&] {
    sql::Transaction tx(*writer);  // waits for `holder`
    writer->exec("INSERT INTO sites(name) VALUES ('after the wait')");
    tx.commit();
    return true;
  });
  ASSERT_TRUE(testing::wait_for_lock_waiter(path)) << "the writer never waited";
  holder.reset();  // rolls back: the lock is free
  EXPECT_TRUE(wrote.get());
  EXPECT_EQ(other->scalar("SELECT count(*) FROM sites WHERE name = 'after the wait'"), "1");
}

// Without abandon_lock_waits() this waits ten minutes and the test times out.
TEST(LockWait, Postgres_StoreToldToStopWaiting_GivesUpOnAHeldLock_AndKeepsWhatWasStored) {
  NEWSWATCH_POSTGRES_ONLY();
  testing::TempDir dir;
  auto path = testing::db_path(dir, "abandon.db");
  auto store = testing::open_or_die(path);
  ASSERT_TRUE(store->apply_crawl(page("nk", 100, {make_item("a", "Stored before the lock")}), {}));

  auto other = pg_writer(path, k_ten_minutes);
  sql::Transaction holder(*other);  // another instance mid-write, never finishing

  auto writer = pg_writer(path, k_ten_minutes);
  auto attempt = std::async(std::launch::async, [&] { return try_write(*writer); });
  ASSERT_TRUE(testing::wait_for_lock_waiter(path)) << "the writer never waited";
  const auto asked = std::chrono::steady_clock::now();
  writer->abandon_lock_waits();  // mid-wait: the waiting statement is cancelled
  const std::string outcome = attempt.get();
  const auto took = std::chrono::steady_clock::now() - asked;
  EXPECT_NE(outcome.find("canceling statement"), std::string::npos) << outcome;
  std::cout << "abandoned wait ended after " << std::chrono::duration_cast<std::chrono::microseconds>(took).count()
            << " us\n";

  store->abandon_lock_waits();  // before any wait: the next one gives up at once
  auto blocked = store->apply_crawl(page("nk", 200, {make_item("b", "Written while locked")}), {});
  EXPECT_FALSE(blocked) << "the lock is held, and the store no longer waits for it";
  auto items = store->items({});
  ASSERT_TRUE(items) << items.error().message;
  EXPECT_EQ(items->size(), 1u);
}

// Leases, heartbeats, claims and a stopping process's release order themselves by row locks and take no turn
// (sql::Turn::skip): they neither wait behind another instance's crawl nor fail when the store no longer waits.
// With the turn taken, each of these calls fails at once below (lock_timeout 1 ms) and a stopping instance
// would leave its leases to expire.
TEST(LockWait, Postgres_LeasesAndClaims_DoNotWaitForAnotherInstancesCrawl) {
  NEWSWATCH_POSTGRES_ONLY();
  testing::TempDir dir;
  auto path = testing::db_path(dir, "turns.db");
  auto store = testing::open_or_die(path);
  ASSERT_TRUE(store);
  auto other = pg_writer(path, k_ten_minutes);
  sql::Transaction crawl(*other);  // another instance applying a crawl, never finishing

  store->abandon_lock_waits();  // as a stopping process: any wait for a lock fails at once
  const InstanceInfo me{"me-1", "host", 1, 100, 100, "test"};
  auto beat = store->heartbeat(me, 200);
  EXPECT_TRUE(beat) << beat.error().message;
  auto lease = store->lease_site(LeaseRequest{"nk", "nknews.org", me.id, 100, 200, false});
  ASSERT_TRUE(lease) << lease.error().message;
  EXPECT_TRUE(lease->granted);
  ClaimRequest claim;
  claim.now = 100;
  claim.owner = me.id;
  claim.lease_until = 200;
  auto claimed = store->claim_due(claim);
  EXPECT_TRUE(claimed) << claimed.error().message;
  auto released = store->release_instance(me.id, 101);
  ASSERT_TRUE(released) << released.error().message;
  EXPECT_EQ(*released, 1) << "the lease on nknews.org";
  auto crawl_while_held = store->apply_crawl(page("nk", 100, {make_item("a", "Waits for the turn")}), {});
  EXPECT_FALSE(crawl_while_held) << "a crawl still takes the writers' turn";
}

// A crawl releases its host's lease inside its own transaction, which under load is a batch of crawls taking
// seconds. Another instance asking for a site of that host meanwhile is told the host is busy at once; before,
// its INSERT ... ON CONFLICT waited for that transaction (and here, with the store no longer waiting, failed).
TEST(LockWait, Postgres_LeaseAsk_DoesNotWaitForACrawlReleasingItsHost) {
  NEWSWATCH_POSTGRES_ONLY();
  testing::TempDir dir;
  auto path = testing::db_path(dir, "release.db");
  auto store = testing::open_or_die(path);
  ASSERT_TRUE(store);
  auto held = store->lease_site(LeaseRequest{"nk", "nknews.org", "crawler-1", 100, 200, false});
  ASSERT_TRUE(held && held->granted);

  auto other = pg_writer(path, k_ten_minutes);
  sql::Transaction crawl(*other);  // the holder's crawl, releasing its lease, not yet committed
  other->exec("UPDATE host_leases SET owner = '', site = '', lease_until = 0 WHERE host = 'nknews.org'");

  store->abandon_lock_waits();  // any wait for a lock now fails at once instead of passing unseen
  auto asked = store->lease_site(LeaseRequest{"nk-2", "nknews.org", "asker-2", 101, 201, false});
  ASSERT_TRUE(asked) << asked.error().message;
  EXPECT_FALSE(asked->granted);
  EXPECT_EQ(asked->refusal, LeaseRefusal::host_busy);
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
