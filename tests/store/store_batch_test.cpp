// The store thread applying crawls in batches: crawls that wait together are applied in one transaction
// with the same effects as one by one (items, alerts), a crawl that fails in a batch loses only itself, and
// shed() (shutdown) drops crawls not yet started while the job running finishes. A crawl failing on the
// database itself matters on PostgreSQL: the error leaves the whole transaction refusing statements until the
// crawl's savepoint is rolled back, so the crawls after it in the batch must still be stored.
#include "store/store_worker.h"

#include <future>
#include <map>
#include <stdexcept>

#include <gtest/gtest.h>
#include <boost/asio/io_context.hpp>

#include "store_test_util.h"

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

using namespace newswatch::testing;

class StoreBatch : public ::testing::Test {
 protected:
  StoreBatch() {
    auto opened = StoreWorker::open(m_io, store_address(db_path(m_dir, "batch.db")));
    if (!opened) throw std::runtime_error(opened.error().message);
    m_worker = std::move(*opened);
  }

  /// Every site's first crawl (a baseline: one item, no alerts), applied one at a time.
  void baselines(const std::vector<std::string>& sites) {
    for (const std::string& site : sites) {
      auto applied = m_worker->call([&](Store& store) {
        return store.apply_crawl(page(site, k_t0, {make_item(site + "-old", "Old news")}), match_word("Missile"));
      });
      ASSERT_TRUE(applied) << applied.error().message;
    }
  }

  /// Keeps the store thread busy until the returned promise is set, so crawls posted meanwhile wait together.
  std::promise<void> hold_store_thread() {
    std::promise<void> gate;
    m_worker->post(
        [opened = gate.get_future().share()](Store&) -> Result<int> {
          opened.wait();
          return 0;
        },
        [](Result<int>) {});
    return gate;
  }

  /// Posts `site`'s second crawl (one new item matching the watch) as a batchable job; the sites' items are
  /// alike (one story), so the watch alerts each, not once per story.
  void post_second_crawl(const std::string& site, MatchFn match = match_word("Missile", false)) {
    post_crawl(
        page(site, k_t0 + 60,
             {make_item(site + "-old", "Old news"), make_item(site + "-new", "Missile launch seen from " + site)}),
        std::move(match));
  }

  /// Posts `outcome` as a batchable job; its result is kept under its site.
  void post_crawl(CrawlOutcome outcome, MatchFn match) {
    const std::string site = outcome.site;
    m_worker->post_batchable([outcome, match](Store& store) { return store.apply_crawl(outcome, match); },
                             [this, site](Result<ApplyResult> applied) { m_results.insert_or_assign(site, applied); });
  }

  TempDir m_dir;
  boost::asio::io_context m_io;
  std::unique_ptr<StoreWorker> m_worker;
  std::map<std::string, Result<ApplyResult>> m_results;
};

TEST_F(StoreBatch, CrawlsWaitingTogether_AreAppliedInOneTransaction_EachWithItsItemsAndAlerts) {
  const std::vector<std::string> sites{"a", "b", "c", "d", "e"};
  baselines(sites);
  auto gate = hold_store_thread();
  for (const std::string& site : sites) post_second_crawl(site);
  gate.set_value();
  m_io.run();

  EXPECT_EQ(m_worker->batches(), 1u);
  EXPECT_EQ(m_worker->batched_jobs(), sites.size());
  ASSERT_EQ(m_results.size(), sites.size());
  for (const auto& [site, applied] : m_results) {
    ASSERT_TRUE(applied) << site << ": " << applied.error().message;
    EXPECT_EQ(applied->items_new, 1) << site;
    EXPECT_EQ(applied->queued_alerts.size(), 2u) << site << ": one row per notifier, as one by one";
  }
  auto counts = m_worker->call([](Store& store) { return store.outbox_counts(); });
  ASSERT_TRUE(counts);
  EXPECT_EQ(counts->pending, 10);
  EXPECT_EQ(*m_worker->call([](Store& store) { return store.item_count(); }), 10);
}

TEST_F(StoreBatch, ACrawlFailingInABatch_LosesOnlyItself) {
  baselines({"a", "bad", "c"});
  auto gate = hold_store_thread();
  post_second_crawl("a");
  post_second_crawl("bad", [](const Item&) -> std::vector<AlertRequest> { throw std::runtime_error("matcher broke"); });
  post_second_crawl("c");
  gate.set_value();
  m_io.run();

  ASSERT_EQ(m_results.size(), 3u);
  EXPECT_TRUE(m_results.at("a"));
  EXPECT_TRUE(m_results.at("c"));
  ASSERT_FALSE(m_results.at("bad"));
  EXPECT_NE(m_results.at("bad").error().message.find("matcher broke"), std::string::npos);
  EXPECT_EQ(*m_worker->call([](Store& store) { return store.item_count(); }), 5) << "3 baseline + 2 new items";
  auto bad = m_worker->call([](Store& store) { return store.fetch_state("bad"); });
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->last_crawl_at, k_t0) << "the failed crawl wrote nothing, not even its fetch state";
  auto counts = m_worker->call([](Store& store) { return store.outbox_counts(); });
  ASSERT_TRUE(counts);
  EXPECT_EQ(counts->pending, 4);
}

TEST_F(StoreBatch, ACrawlViolatingAConstraintInABatch_LosesOnlyItself_TheCrawlsAfterItAreStored) {
  baselines({"a", "bad", "c"});
  auto gate = hold_store_thread();
  post_second_crawl("a");
  Item no_url = make_item("x", "Missile test without a link");
  no_url.url = "";  // items.url must not be empty (CHECK): the INSERT fails after the crawl's first writes
  post_crawl(page("bad", k_t0 + 60, {make_item("bad-new", "Missile launch seen from bad"), no_url}),
             match_word("Missile", false));
  post_second_crawl("c");
  gate.set_value();
  m_io.run();

  EXPECT_EQ(m_worker->batches(), 1u);
  ASSERT_EQ(m_results.size(), 3u);
  EXPECT_TRUE(m_results.at("a")) << m_results.at("a").error().message;
  ASSERT_TRUE(m_results.at("c")) << m_results.at("c").error().message;
  EXPECT_EQ(m_results.at("c")->items_new, 1);
  ASSERT_FALSE(m_results.at("bad"));
  EXPECT_NE(m_results.at("bad").error().message.find("bad"), std::string::npos) << m_results.at("bad").error().message;
  EXPECT_EQ(*m_worker->call([](Store& store) { return store.item_count(); }), 5) << "3 baseline + 2 new items";
  auto bad = m_worker->call([](Store& store) { return store.fetch_state("bad"); });
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->last_crawl_at, k_t0) << "the failed crawl wrote nothing, not even its fetch state";
  auto c = m_worker->call([](Store& store) { return store.fetch_state("c"); });
  ASSERT_TRUE(c);
  EXPECT_EQ(c->last_crawl_at, k_t0 + 60);
  auto counts = m_worker->call([](Store& store) { return store.outbox_counts(); });
  ASSERT_TRUE(counts);
  EXPECT_EQ(counts->pending, 4) << "a's and c's alerts, none of bad's";
}

TEST_F(StoreBatch, Shed_FinishesTheJobRunning_AndDropsCrawlsNotYetStarted) {
  baselines({"a", "b"});
  auto gate = hold_store_thread();
  post_second_crawl("a");
  post_second_crawl("b");
  m_worker->shed(std::chrono::milliseconds(0));
  bool late_job_ran = false;
  m_worker->post(
      [&late_job_ran](Store&) -> Result<int> {
        late_job_ran = true;
        return 0;
      },
      [](Result<int>) {});
  gate.set_value();
  m_io.run();  // returns once the held job's completion ran: the dropped ones keep the loop alive no longer

  EXPECT_TRUE(m_results.empty()) << "dropped crawls report nothing";
  EXPECT_FALSE(late_job_ran) << "a job posted after the grace never starts";
  EXPECT_EQ(*m_worker->call([](Store& store) { return store.item_count(); }), 2) << "only the baselines";
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
