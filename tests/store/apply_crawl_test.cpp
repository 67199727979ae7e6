#include <stdexcept>

#include <gtest/gtest.h>

#include "store/store.h"
#include "tests/store/store_test_util.h"

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

using testing::make_item;
using testing::match_word;
using testing::page;

using testing::k_t0;

class ApplyCrawl : public ::testing::Test {
 protected:
  void SetUp() override {
    m_store = testing::open_or_die(testing::db_path(m_dir, "news.db"));
    ASSERT_TRUE(m_store);
  }

  ApplyResult apply(const CrawlOutcome& outcome, const MatchFn& match = match_word("Kursk")) {
    auto result = m_store->apply_crawl(outcome, match);
    EXPECT_TRUE(result) << (result ? "" : result.error().message);
    return result ? *result : ApplyResult{};
  }

  std::vector<StoredItem> all_items() {
    ItemQuery all;
    all.limit = 0;
    return m_store->items(all).value();
  }

  testing::TempDir m_dir;
  std::unique_ptr<Store> m_store;
};

TEST_F(ApplyCrawl, SameArticleSeenTwice_IsOneItem_WithLastSeenUpdated) {
  apply(page("nk", k_t0, {make_item("a", "Kim visits factory")}));
  auto second = apply(page("nk", k_t0 + 600, {make_item("a", "Kim visits factory")}));
  EXPECT_EQ(second.items_new, 0);
  EXPECT_EQ(second.items_revised, 0);
  auto items = all_items();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].first_seen, k_t0);
  EXPECT_EQ(items[0].last_seen, k_t0 + 600);
  EXPECT_EQ(items[0].item.site, "nk");
}

TEST_F(ApplyCrawl, NulByteInAHeadline_IsStored_WithTheTextAfterIt) {
  // A hostile page's NUL: SQLite keeps it; PostgreSQL's text cannot hold one, so it becomes U+FFFD there.
  const std::string title("Kursk\0 troops withdraw", 22);
  apply(page("nk", k_t0, {make_item("a", title)}));
  auto items = all_items();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].item.title, testing::on_postgres() ? "Kursk\xEF\xBF\xBD troops withdraw" : title);
}

TEST_F(ApplyCrawl, DuplicateLinksOnOnePage_CollapseToOneItem) {
  auto result = apply(page("nk", k_t0, {make_item("a", "Kim visits factory"), make_item("a", "Kim visits factory")}));
  EXPECT_EQ(result.items_found, 1);
  EXPECT_EQ(result.items_new, 1);
  EXPECT_EQ(all_items().size(), 1u);
}

TEST_F(ApplyCrawl, EditedHeadline_IsARevision_NotANewItem) {
  apply(page("nk", k_t0, {make_item("a", "Kim visits factory")}));
  auto result = apply(page("nk", k_t0 + 600, {make_item("a", "Kim visits tractor factory")}));
  EXPECT_EQ(result.items_new, 0);
  EXPECT_EQ(result.items_revised, 1);
  auto items = all_items();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].item.title, "Kim visits tractor factory");
  EXPECT_EQ(items[0].revisions, 1);
}

TEST_F(ApplyCrawl, PoorerCardForTheSameUrl_KeepsStoredFields_AndIsNoRevision) {
  Item rich = make_item("a", "Kim visits factory", "Kim toured the plant on Monday.");
  rich.tags = {"Politics"};
  Item title_only;  // the same story in a "more news" slot: no summary, authors, date or tags
  title_only.url = rich.url;
  title_only.title = rich.title;
  apply(page("nk", k_t0, {rich}));
  for (std::int64_t crawl = 1; crawl <= 2; ++crawl) {
    EXPECT_EQ(apply(page("nk", k_t0 + crawl * 600, {title_only})).items_revised, 0);
    EXPECT_EQ(apply(page("nk", k_t0 + crawl * 600 + 300, {rich})).items_revised, 0);
  }
  auto items = all_items();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].revisions, 0);
  EXPECT_EQ(items[0].item.summary, rich.summary);
  EXPECT_EQ(items[0].item.authors, rich.authors);
  EXPECT_EQ(items[0].item.published, rich.published);
  EXPECT_EQ(items[0].item.tags, rich.tags);
}

TEST_F(ApplyCrawl, EditedHeadlineInAPoorerCard_IsARevision_KeepingTheUnknownFields) {
  Item rich = make_item("a", "Kim visits factory", "Kim toured the plant on Monday.");
  rich.tags = {"Politics"};
  Item edited;
  edited.url = rich.url;
  edited.title = "Kim visits tractor factory";
  apply(page("nk", k_t0, {rich}));
  EXPECT_EQ(apply(page("nk", k_t0 + 600, {edited})).items_revised, 1);
  auto items = all_items();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].revisions, 1);
  EXPECT_EQ(items[0].item.title, edited.title);
  EXPECT_EQ(items[0].item.summary, rich.summary);
  EXPECT_EQ(items[0].item.authors, rich.authors);
  EXPECT_EQ(items[0].item.published, rich.published);
  EXPECT_EQ(items[0].item.tags, rich.tags);
}

TEST_F(ApplyCrawl, ChangedSummary_IsARevision) {
  apply(page("nk", k_t0, {make_item("a", "Kim visits factory", "Kim toured the plant.")}));
  auto result = apply(page("nk", k_t0 + 600, {make_item("a", "Kim visits factory", "Kim toured the tractor plant.")}));
  EXPECT_EQ(result.items_revised, 1);
  auto items = all_items();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].item.summary, "Kim toured the tractor plant.");
  EXPECT_EQ(items[0].revisions, 1);
}

TEST_F(ApplyCrawl, Baseline_StoresItems_AndQueuesNothing) {
  bool called = false;
  auto result =
      apply(page("nk", k_t0, {make_item("a", "Kursk liberated"), make_item("b", "Kursk again")}), [&](const Item&) {
        called = true;
        return std::vector<AlertRequest>{{"w", "hook", {}, true, false, {}}};
      });
  EXPECT_TRUE(result.baseline);
  EXPECT_FALSE(called);
  EXPECT_TRUE(result.queued_alerts.empty());
  EXPECT_EQ(result.items_new, 2);
  EXPECT_TRUE(m_store->fetch_state("nk")->baseline_done);
  EXPECT_EQ(m_store->outbox_counts()->pending, 0);
}

TEST_F(ApplyCrawl, EmptyPage_DoesNotCompleteTheBaseline) {
  apply(page("nk", k_t0, {}));
  EXPECT_FALSE(m_store->fetch_state("nk")->baseline_done);
  auto result = apply(page("nk", k_t0 + 600, {make_item("a", "Kursk liberated")}));
  EXPECT_TRUE(result.baseline);
  EXPECT_TRUE(result.queued_alerts.empty());
}

TEST_F(ApplyCrawl, ChangedSiteUrl_FirstCrawlOfTheNewUrl_IsABaseline_QueuingNothing) {
  auto old_listing = page("nk", k_t0, {make_item("a", "Kim visits factory")});
  old_listing.url = "https://nk.example/old-news/";
  apply(old_listing);
  auto new_listing = page("nk", k_t0 + 600, {make_item("b", "Kursk liberated"), make_item("c", "Kursk again")});
  new_listing.url = "https://nk.example/new-news/";
  auto first = apply(new_listing);
  EXPECT_TRUE(first.baseline);
  EXPECT_TRUE(first.queued_alerts.empty());
  EXPECT_EQ(m_store->outbox_counts()->pending, 0);
  EXPECT_EQ(m_store->fetch_state("nk")->baseline_url, "https://nk.example/new-news/");

  new_listing.at = k_t0 + 1200;
  new_listing.items->push_back(make_item("d", "Kursk once more"));
  auto second = apply(new_listing);
  EXPECT_FALSE(second.baseline);
  EXPECT_EQ(second.queued_alerts.size(), 2u) << "past the new URL's baseline, new items alert again";
}

TEST_F(ApplyCrawl, FailedCrawlOfANewUrl_DoesNotCompleteItsBaseline) {
  apply(page("nk", k_t0, {make_item("a", "Kim visits factory")}));
  auto failed = page("nk", k_t0 + 600, {});
  failed.url = "https://nk.example/moved/";
  failed.items.reset();
  failed.error = "HTTP 503";
  apply(failed);
  auto moved = page("nk", k_t0 + 1200, {make_item("b", "Kursk liberated")});
  moved.url = "https://nk.example/moved/";
  auto result = apply(moved);
  EXPECT_TRUE(result.baseline);
  EXPECT_TRUE(result.queued_alerts.empty());
}

TEST_F(ApplyCrawl, NewMatchingItemAfterBaseline_QueuesOneRowPerWatchAndNotifier) {
  apply(page("nk", k_t0, {make_item("a", "Kim visits factory")}));
  auto result = apply(
      page("nk", k_t0 + 600,
           {make_item("a", "Kim visits factory"), make_item("b", "Kursk liberated"), make_item("c", "Rain in Seoul")}));
  EXPECT_FALSE(result.baseline);
  EXPECT_EQ(result.items_new, 2);
  ASSERT_EQ(result.queued_alerts.size(), 2u);
  auto alerts = m_store->alerts(AlertState::pending, 10).value();
  ASSERT_EQ(alerts.size(), 2u);
  EXPECT_EQ(alerts[0].item.title, "Kursk liberated");
  EXPECT_EQ(alerts[0].matched, std::vector<std::string>{"Kursk"});
}

TEST_F(ApplyCrawl, ReplayedCrawl_QueuesNothingNew) {
  apply(page("nk", k_t0, {make_item("a", "Kim visits factory")}));
  auto crawl = page("nk", k_t0 + 600, {make_item("b", "Kursk liberated")});
  EXPECT_EQ(apply(crawl).queued_alerts.size(), 2u);
  EXPECT_TRUE(apply(crawl).queued_alerts.empty());
  EXPECT_EQ(m_store->outbox_counts()->pending, 2);
}

TEST_F(ApplyCrawl, RevisedItem_IsNotMatched) {
  apply(page("nk", k_t0, {make_item("a", "Kim visits factory")}));
  auto result = apply(page("nk", k_t0 + 600, {make_item("a", "Kim visits factory near Kursk")}));
  EXPECT_EQ(result.items_revised, 1);
  EXPECT_TRUE(result.queued_alerts.empty());
}

TEST_F(ApplyCrawl, OncePerStory_AlertsOnceAcrossTwoSites_UnlessTurnedOff) {
  const std::string title_a = "Russia Praises North Korea for Role in Kursk";
  const std::string title_b = "Russia Commends North Korean Soldiers for Key Role in Kursk Victory";
  const std::string summary =
      "Valery Gerasimov, the Chief of the Russian General Staff, has acknowledged the contribution made by North "
      "Korean soldiers in aiding the liberation of Kursk Region from Ukrainian forces.";
  for (const char* site : {"menafn", "nknews"}) apply(page(site, k_t0, {make_item(std::string(site) + "-old", "Old")}));

  auto first = apply(page("menafn", k_t0 + 60, {make_item("m1", title_a, summary)}));
  auto second = apply(page("nknews", k_t0 + 120, {make_item("n1", title_b, summary)}));
  EXPECT_EQ(first.queued_alerts.size(), 2u);
  EXPECT_TRUE(second.queued_alerts.empty()) << "same story, same (watch, notifier)";

  auto items = all_items();
  ASSERT_EQ(items[0].item.title, title_b);
  EXPECT_EQ(items[0].story_id, items[1].story_id);
  EXPECT_EQ(items[0].story_sources, (std::vector<std::string>{"menafn", "nknews"}));

  auto third = apply(page("joongang", k_t0 + 180, {make_item("j0", "Old")}));  // baseline of a third site
  auto fourth = apply(page("joongang", k_t0 + 240, {make_item("j1", title_b, summary)}), match_word("Kursk", false));
  EXPECT_EQ(fourth.queued_alerts.size(), 2u) << "once_per_story = false alerts again";
  auto alert = m_store->alert(fourth.queued_alerts[0]).value();
  ASSERT_TRUE(alert);
  EXPECT_EQ(alert->story_sources, (std::vector<std::string>{"joongang", "menafn", "nknews"}));
}

TEST_F(ApplyCrawl, Failure_CountsAndKeepsTheConditionalGetValidators) {
  auto good = page("nk", k_t0, {make_item("a", "Kim visits factory")});
  apply(good);
  CrawlOutcome failed = good;
  failed.at = k_t0 + 600;
  failed.http_status = 503;
  failed.etag = failed.last_modified = failed.body_hash = "";
  failed.items = std::nullopt;
  failed.error = "HTTP 503 from https://nk.example/news/";
  failed.health = "failing";
  apply(failed);
  apply(failed);
  auto state = m_store->fetch_state("nk").value();
  EXPECT_EQ(state.consecutive_failures, 2);
  EXPECT_EQ(state.etag, good.etag);
  EXPECT_EQ(state.last_modified, good.last_modified);
  EXPECT_EQ(state.body_hash, good.body_hash);
  EXPECT_EQ(state.last_status, 503);
  EXPECT_EQ(state.last_success_at, k_t0);
  EXPECT_EQ(state.last_error, failed.error);

  CrawlOutcome not_modified = failed;
  not_modified.at = k_t0 + 1200;
  not_modified.http_status = 304;
  not_modified.error = "";
  not_modified.health = "ok";
  auto result = apply(not_modified);
  EXPECT_EQ(result.items_found, 0);
  state = m_store->fetch_state("nk").value();
  EXPECT_EQ(state.consecutive_failures, 0);
  EXPECT_EQ(state.etag, good.etag) << "a 304 without an ETag keeps the one we have";
  EXPECT_EQ(state.last_success_at, k_t0 + 1200);
  EXPECT_EQ(all_items().size(), 1u);
}

TEST_F(ApplyCrawl, NeverCrawledSite_HasADefaultState) {
  auto state = m_store->fetch_state("unknown").value();
  EXPECT_EQ(state.site, "unknown");
  EXPECT_FALSE(state.baseline_done);
  EXPECT_TRUE(m_store->fetch_states()->empty());
}

TEST_F(ApplyCrawl, ConstraintViolationMidway_WritesNothing_AndNamesTheSite) {
  apply(page("nk", k_t0, {make_item("a", "Kim visits factory")}));
  Item bad = make_item("x", "No link");
  bad.url = "";  // violates CHECK (url <> '') after two good inserts
  auto crawl =
      page("nk", k_t0 + 600, {make_item("b", "Kursk liberated"), make_item("a", "Kim visits a new factory"), bad});
  auto result = m_store->apply_crawl(crawl, match_word("Kursk"));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, ErrorKind::storage);
  EXPECT_NE(result.error().message.find("nk"), std::string::npos) << result.error().message;

  auto items = all_items();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].item.title, "Kim visits factory");
  EXPECT_EQ(items[0].revisions, 0);
  EXPECT_EQ(m_store->outbox_counts()->pending, 0);
  EXPECT_EQ(m_store->fetch_state("nk")->last_crawl_at, k_t0);
}

TEST_F(ApplyCrawl, MatcherThrowing_WritesNothing) {
  apply(page("nk", k_t0, {make_item("a", "Kim visits factory")}));
  auto result = m_store->apply_crawl(page("nk", k_t0 + 600, {make_item("b", "Kursk"), make_item("c", "boom")}),
                                     [](const Item& item) {
                                       if (item.title == "boom") throw std::runtime_error("matcher exploded");
                                       return std::vector<AlertRequest>{{"w", "hook", {}, true, false, {}}};
                                     });
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message.find("matcher exploded"), std::string::npos);
  EXPECT_EQ(all_items().size(), 1u);
  EXPECT_EQ(m_store->outbox_counts()->pending, 0);
  // The store is still usable afterwards: the transaction was rolled back, not left open.
  EXPECT_EQ(apply(page("nk", k_t0 + 900, {make_item("b", "Kursk")})).queued_alerts.size(), 2u);
}

TEST_F(ApplyCrawl, UrlListedByTwoSites_BelongsToTheFirst_AndIsNotRevisedByTheSecond) {
  apply(page("a", k_t0, {make_item("shared", "Headline as site a shows it")}));
  auto result = apply(page("b", k_t0 + 60, {make_item("shared", "Site b's shorter headline")}));
  EXPECT_EQ(result.items_new, 0);
  EXPECT_EQ(result.items_revised, 0);
  auto items = all_items();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].item.site, "a");
  EXPECT_EQ(items[0].item.title, "Headline as site a shows it");
  EXPECT_EQ(items[0].last_seen, k_t0 + 60);
}

TEST_F(ApplyCrawl, ItemsQuery_FiltersBySiteAndSince_NewestFirst) {
  apply(page("a", k_t0, {make_item("a1", "One"), make_item("a2", "Two")}));
  apply(page("b", k_t0 + 100, {make_item("b1", "Three")}));
  ItemQuery query;
  query.site = "a";
  auto a_items = m_store->items(query).value();
  ASSERT_EQ(a_items.size(), 2u);
  EXPECT_EQ(a_items[0].item.title, "Two") << "same first_seen: higher id first";
  query = ItemQuery{};
  query.since = k_t0 + 50;
  EXPECT_EQ(m_store->items(query)->size(), 1u);
  query = ItemQuery{};
  query.limit = 2;
  auto newest = m_store->items(query).value();
  ASSERT_EQ(newest.size(), 2u);
  EXPECT_EQ(newest[0].item.title, "Three");
}

// interval = "auto" reads how many items a site showed for the first time lately: its baseline's items are
// its past, not news; and the due time it chooses is kept with the site's state.
TEST_F(ApplyCrawl, NewItemCount_CountsOnlyItemsAfterTheBaseline_AndTheChosenDueTimeIsKept) {
  apply(page("nk", k_t0, {make_item("a", "One"), make_item("b", "Two")}));
  apply(page("nk", k_t0 + 600, {make_item("c", "Three")}));
  apply(page("nk", k_t0 + 1200, {make_item("d", "Four"), make_item("a", "One")}));
  auto all = m_store->new_item_count("nk", k_t0, k_t0 + 1200);
  ASSERT_TRUE(all) << all.error().message;
  EXPECT_EQ(all->baseline_at, k_t0);
  EXPECT_EQ(all->new_items, 2);
  EXPECT_EQ(m_store->new_item_count("nk", k_t0 + 601, k_t0 + 1200)->new_items, 1);
  auto unknown = m_store->new_item_count("elsewhere", k_t0, k_t0 + 1200);
  ASSERT_TRUE(unknown);
  EXPECT_FALSE(unknown->baseline_at);
  EXPECT_EQ(unknown->new_items, 0);

  ASSERT_TRUE(m_store->set_next_due("nk", k_t0 + 5000));
  EXPECT_EQ(m_store->fetch_state("nk")->next_due_at, k_t0 + 5000);
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
