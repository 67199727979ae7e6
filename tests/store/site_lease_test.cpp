// Shared mode's crawl leases (store/site_leases.cpp), through the Store interface only: two stores opened on
// one file stand for two processes, so the suite can run against any backend open_or_die() opens.

#include <gtest/gtest.h>

#include "store/store.h"
#include "tests/store/store_test_util.h"

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

using testing::k_t0;
using testing::make_item;
using testing::page;

constexpr std::int64_t k_lease = 120;

LeaseRequest ask(const std::string& owner, const std::string& site, const std::string& host, std::int64_t now) {
  return LeaseRequest{site, host, owner, now, now + k_lease, false};
}

InstanceInfo instance(const std::string& id, std::int64_t now) {
  return InstanceInfo{id, "box", 42, k_t0, now, "test"};
}

class SiteLeases : public ::testing::Test {
 protected:
  testing::TempDir m_dir;
  std::unique_ptr<Store> m_a = testing::open_or_die(testing::db_path(m_dir, "shared.db"));  // process A
  std::unique_ptr<Store> m_b = testing::open_or_die(testing::db_path(m_dir, "shared.db"));  // process B

  LeaseAnswer lease(Store& store, const LeaseRequest& request) {
    auto answer = store.lease_site(request);
    EXPECT_TRUE(answer) << answer.error().message;
    return answer ? *answer : LeaseAnswer{};
  }

  /// A's crawl of `site` stored with its release, in one transaction, as the crawler does it.
  void crawl_and_release(Store& store, const std::string& owner, const std::string& site, const std::string& host,
                         std::int64_t at, std::int64_t next_due, std::int64_t free_at) {
    CrawlOutcome outcome = page(site, at, {make_item(site + "-1", "One")});
    outcome.next_due_at = next_due;
    auto done = store.in_transaction([&]() -> Result<void> {
      auto applied = store.apply_crawl(outcome, {});
      if (!applied) return tl::unexpected(applied.error());
      return store.release_site_lease(LeaseRelease{host, owner, free_at});
    });
    ASSERT_TRUE(done) << done.error().message;
  }
};

TEST_F(SiteLeases, OneLeasePerHost_AcrossTwoOwners_OtherHostsStayFree) {
  ASSERT_TRUE(m_a && m_b);
  EXPECT_TRUE(lease(*m_a, ask("A", "nk-news", "nk.example", k_t0)).granted);
  LeaseAnswer busy = lease(*m_b, ask("B", "nk-politics", "nk.example", k_t0));
  EXPECT_FALSE(busy.granted);
  EXPECT_EQ(busy.refusal, LeaseRefusal::host_busy);
  EXPECT_GT(busy.retry_at, k_t0);
  EXPECT_LE(busy.retry_at, k_t0 + k_lease) << "asked again before the lease could expire";
  // The holder itself gets no second site of the host either: one crawl per host at a time, whoever asks.
  EXPECT_EQ(lease(*m_a, ask("A", "nk-politics", "nk.example", k_t0)).refusal, LeaseRefusal::host_busy);
  EXPECT_TRUE(lease(*m_b, ask("B", "kr-news", "kr.example", k_t0)).granted);

  auto held = m_a->site_leases(k_t0);
  ASSERT_TRUE(held);
  ASSERT_EQ(held->size(), 2u);
  EXPECT_EQ((*held)[0].site, "kr-news");
  EXPECT_EQ((*held)[0].owner, "B");
  EXPECT_EQ((*held)[1].site, "nk-news");
  EXPECT_EQ((*held)[1].owner, "A");
  EXPECT_EQ((*held)[1].lease_until, k_t0 + k_lease);
}

TEST_F(SiteLeases, ExpiredLease_IsTakenOver_AndTheDeadOwnersReleaseChangesNothing) {
  ASSERT_TRUE(m_a && m_b);
  ASSERT_TRUE(lease(*m_a, ask("A", "nk-news", "nk.example", k_t0)).granted);  // then A dies
  EXPECT_EQ(lease(*m_b, ask("B", "nk-news", "nk.example", k_t0 + k_lease)).refusal, LeaseRefusal::host_busy);
  EXPECT_TRUE(lease(*m_b, ask("B", "nk-news", "nk.example", k_t0 + k_lease + 1)).granted);
  // A comes back from a long stall and releases what it no longer holds: B's lease stands.
  ASSERT_TRUE(m_a->release_site_lease(LeaseRelease{"nk.example", "A", k_t0 + k_lease + 2}));
  auto held = m_a->site_leases(k_t0 + k_lease + 2);
  ASSERT_TRUE(held);
  ASSERT_EQ(held->size(), 1u);
  EXPECT_EQ(held->front().owner, "B");
}

TEST_F(SiteLeases, SiteCrawledElsewhere_IsRefusedUntilItsNextDue_WithTheNewerState) {
  ASSERT_TRUE(m_a && m_b);
  ASSERT_TRUE(lease(*m_a, ask("A", "nk-news", "nk.example", k_t0)).granted);
  crawl_and_release(*m_a, "A", "nk-news", "nk.example", k_t0, k_t0 + 600, k_t0 + 5);

  LeaseAnswer later = lease(*m_b, ask("B", "nk-news", "nk.example", k_t0 + 10));
  EXPECT_FALSE(later.granted);
  EXPECT_EQ(later.refusal, LeaseRefusal::crawled_elsewhere);
  EXPECT_EQ(later.retry_at, k_t0 + 600);

  LeaseAnswer due = lease(*m_b, ask("B", "nk-news", "nk.example", k_t0 + 600));
  EXPECT_TRUE(due.granted);
  // B's crawl starts from A's validators, not from what B cached before A crawled.
  EXPECT_EQ(due.state.etag, "\"etag-" + std::to_string(k_t0) + "\"");
  EXPECT_EQ(due.state.last_crawl_at, k_t0);
}

TEST_F(SiteLeases, CrawlNow_IgnoresTheStoredDueTime_ButNotTheHost) {
  ASSERT_TRUE(m_a && m_b);
  ASSERT_TRUE(lease(*m_a, ask("A", "nk-news", "nk.example", k_t0)).granted);
  crawl_and_release(*m_a, "A", "nk-news", "nk.example", k_t0, k_t0 + 600, k_t0 + 5);
  LeaseRequest now = ask("B", "nk-news", "nk.example", k_t0 + 5);
  now.ignore_due = true;
  EXPECT_TRUE(lease(*m_b, now).granted);
}

TEST_F(SiteLeases, ReleaseInTheCrawlTransaction_FreesTheHostAfterItsDelay) {
  ASSERT_TRUE(m_a && m_b);
  ASSERT_TRUE(lease(*m_a, ask("A", "nk-news", "nk.example", k_t0)).granted);
  crawl_and_release(*m_a, "A", "nk-news", "nk.example", k_t0, k_t0 + 600, k_t0 + 5);
  auto held = m_b->site_leases(k_t0 + 1);
  ASSERT_TRUE(held);
  EXPECT_TRUE(held->empty());
  LeaseAnswer cooling = lease(*m_b, ask("B", "nk-politics", "nk.example", k_t0 + 1));
  EXPECT_EQ(cooling.refusal, LeaseRefusal::host_cooling);
  EXPECT_EQ(cooling.retry_at, k_t0 + 5);
  EXPECT_TRUE(lease(*m_b, ask("B", "nk-politics", "nk.example", k_t0 + 5)).granted);
}

TEST_F(SiteLeases, CrawlRolledBack_KeepsTheLease_NothingStored) {
  ASSERT_TRUE(m_a && m_b);
  ASSERT_TRUE(lease(*m_a, ask("A", "nk-news", "nk.example", k_t0)).granted);
  CrawlOutcome outcome = page("nk-news", k_t0, {make_item("one", "One")});
  outcome.next_due_at = k_t0 + 600;
  auto done = m_a->in_transaction([&]() -> Result<void> {
    if (!m_a->apply_crawl(outcome, {})) return fail(ErrorKind::storage, "apply failed");
    if (!m_a->release_site_lease(LeaseRelease{"nk.example", "A", k_t0 + 5})) return fail(ErrorKind::storage, "x");
    return fail(ErrorKind::storage, "commit refused");  // e.g. the disk is full
  });
  EXPECT_FALSE(done);
  // Neither half happened: the host is still A's, and the site is still due for whoever gets it next.
  EXPECT_EQ(lease(*m_b, ask("B", "nk-news", "nk.example", k_t0 + 1)).refusal, LeaseRefusal::host_busy);
  auto state = m_b->fetch_state("nk-news");
  ASSERT_TRUE(state);
  EXPECT_FALSE(state->last_crawl_at);
}

TEST_F(SiteLeases, StoppingProcess_ReleasesEveryLease_OthersTakeThemAtOnce) {
  ASSERT_TRUE(m_a && m_b);
  ASSERT_TRUE(m_a->heartbeat(instance("A", k_t0), k_t0 + k_lease));
  ASSERT_TRUE(m_b->heartbeat(instance("B", k_t0), k_t0 + k_lease));
  ASSERT_TRUE(lease(*m_a, ask("A", "nk-news", "nk.example", k_t0)).granted);
  ASSERT_TRUE(lease(*m_a, ask("A", "kr-news", "kr.example", k_t0)).granted);
  auto released = m_a->release_instance("A", k_t0 + 1);
  ASSERT_TRUE(released);
  EXPECT_EQ(*released, 2);
  EXPECT_TRUE(lease(*m_b, ask("B", "nk-news", "nk.example", k_t0 + 1)).granted);
  EXPECT_TRUE(lease(*m_b, ask("B", "kr-news", "kr.example", k_t0 + 1)).granted);
  auto instances = m_b->instances();
  ASSERT_TRUE(instances);
  ASSERT_EQ(instances->size(), 1u);
  EXPECT_EQ(instances->front().id, "B");
}

TEST_F(SiteLeases, Heartbeat_KeepsALiveOwnersLeases_AndRecordsWhenItWasSeen) {
  ASSERT_TRUE(m_a && m_b);
  ASSERT_TRUE(m_a->heartbeat(instance("A", k_t0), k_t0 + k_lease));
  ASSERT_TRUE(lease(*m_a, ask("A", "nk-news", "nk.example", k_t0)).granted);
  ASSERT_TRUE(m_a->heartbeat(instance("A", k_t0 + 100), k_t0 + 100 + k_lease));
  // Past the first lease's end, but A is alive and still crawling: the host stays A's.
  EXPECT_EQ(lease(*m_b, ask("B", "nk-news", "nk.example", k_t0 + k_lease + 10)).refusal, LeaseRefusal::host_busy);
  auto instances = m_b->instances();
  ASSERT_TRUE(instances);
  ASSERT_EQ(instances->size(), 1u);
  EXPECT_EQ(instances->front().id, "A");
  EXPECT_EQ(instances->front().hostname, "box");
  EXPECT_EQ(instances->front().pid, 42);
  EXPECT_EQ(instances->front().started_at, k_t0);
  EXPECT_EQ(instances->front().last_seen, k_t0 + 100);
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
