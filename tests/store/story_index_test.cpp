// Story assignment through the postings index (store/story_index.cpp, story_postings.cpp): the stories come out
// as the old scan of the whole window made them (a copy of that scan runs beside the store on a generated
// corpus), a migrated database indexes its window, revisions re-index, retention drops what left the window,
// and the postings held in memory follow what another process or a rollback did to story_items.

#include <algorithm>
#include <functional>
#include <map>
#include <random>

#include <gtest/gtest.h>

#include "store/migrations.h"
#include "store/sqlite.h"
#include "store/store.h"
#include "store/stories.h"
#include "tests/store/store_test_util.h"

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

using testing::k_t0;
using testing::make_item;
using testing::page;

constexpr std::int64_t k_hour = 3600;
constexpr std::int64_t k_day = 24 * k_hour;

// --- the old StoryIndex, as it was before the postings: every item of another site first seen within the
// window, newest first (the order of its scan of items_by_first_seen), compared by Jaccard over sorted
// std::hash values; the first best item met wins.

std::vector<std::size_t> old_hashed(const std::set<std::string>& tokens) {
  std::vector<std::size_t> out;
  for (const auto& token : tokens) out.push_back(std::hash<std::string>{}(token));
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

double old_jaccard(const std::vector<std::size_t>& a, const std::vector<std::size_t>& b) {
  if (a.empty() && b.empty()) return 0.0;
  std::size_t common = 0;
  for (auto i = a.begin(), j = b.begin(); i != a.end() && j != b.end();) {
    if (*i < *j) {
      ++i;
    } else if (*j < *i) {
      ++j;
    } else {
      ++common, ++i, ++j;
    }
  }
  return static_cast<double>(common) / static_cast<double>(a.size() + b.size() - common);
}

struct OldItem {
  std::int64_t id = 0;
  std::string site;
  std::int64_t first_seen = 0;
  std::string story;
  std::vector<std::size_t> hashes;
};

/// The story the old scan gave a new item of `site` at `at`; "" when it started its own.
std::string old_scan(const std::vector<OldItem>& stored, const std::string& site, std::int64_t at,
                     const std::set<std::string>& tokens) {
  const auto mine = old_hashed(tokens);
  const OldItem* best = nullptr;
  double best_score = 0.0;
  for (auto it = stored.rbegin(); it != stored.rend(); ++it) {  // stored is in (first_seen, id) order
    if (it->first_seen < at - stories::k_story_window_seconds || it->site == site) continue;
    const double score = old_jaccard(mine, it->hashes);
    if (score >= stories::k_same_event_threshold && score > best_score) {
      best_score = score;
      best = &*it;
    }
  }
  return best ? best->story : "";
}

// --- a generated corpus: Zipf-distributed words, a third of the items retellings of a recent item
// (a few words changed, sometimes none, which makes ties), and now and then a revised headline.

class Corpus {
 public:
  Corpus() {
    double total = 0;
    for (int rank = 1; rank <= 400; ++rank) m_cdf.push_back(total += 1.0 / rank);
    for (double& c : m_cdf) c /= total;
  }
  std::string word() {
    double u = std::uniform_real_distribution<double>(0.0, 1.0)(m_rng);
    auto rank = static_cast<int>(std::lower_bound(m_cdf.begin(), m_cdf.end(), u) - m_cdf.begin());
    std::string out = "w";
    for (int n = rank + 26; n > 0; n /= 26) out += static_cast<char>('a' + n % 26);
    return out;
  }
  std::string words(int count) {
    std::string out;
    for (int i = 0; i < count; ++i) out += (i ? " " : "") + word();
    return out;
  }
  /// `text` with up to `changes` words replaced or added.
  std::string retold(const std::string& text, int changes) {
    std::vector<std::string> parts;
    for (std::size_t start = 0; start < text.size();) {
      std::size_t end = std::min(text.find(' ', start), text.size());
      parts.push_back(text.substr(start, end - start));
      start = end + 1;
    }
    for (int i = 0; i < changes; ++i) {
      if (pick(2) == 0 && !parts.empty())
        parts[pick(parts.size())] = word();
      else
        parts.push_back(word());
    }
    std::string out;
    for (const auto& part : parts) out += (out.empty() ? "" : " ") + part;
    return out;
  }
  std::size_t pick(std::size_t n) { return static_cast<std::size_t>(m_rng() % n); }

 private:
  std::mt19937_64 m_rng{2026};
  std::vector<double> m_cdf;
};

std::set<std::string> tokens_of(const std::string& title) {
  return stories::tokens(title + " ");
}

TEST(StoryIndex, GeneratedCorpus_GivesTheStoriesOfTheOldWindowScan) {
  testing::TempDir dir;
  const std::string path = testing::db_path(dir, "corpus.db");
  auto store = testing::open_or_die(path);
  ASSERT_TRUE(store);
  auto reader = testing::inspect(path);
  Corpus corpus;
  std::vector<OldItem> stored;
  std::map<std::int64_t, std::size_t> by_id;
  std::map<std::string, std::vector<std::pair<std::string, std::int64_t>>> by_site;  // site -> (slug, id)
  std::map<std::string, std::string> titles;                                         // slug -> title
  int items = 0, joined = 0, mismatches = 0, revised = 0;
  std::int64_t at = k_t0;
  for (int crawl = 0; items < 3000; ++crawl, at += 20 * 60) {  // ~7 items per crawl over six days
    const std::string site = "site" + std::to_string(corpus.pick(6));
    std::vector<Item> listed;
    std::vector<std::string> expected;
    for (std::size_t n = 3 + corpus.pick(9); n > 0; --n, ++items) {
      std::string title = corpus.words(6 + static_cast<int>(corpus.pick(7)));
      if (corpus.pick(3) == 0 && !stored.empty()) {  // a retelling of an item of the last 80 hours or so
        const OldItem& source = stored[stored.size() - 1 - corpus.pick(std::min<std::size_t>(stored.size(), 1600))];
        title = corpus.retold(titles[std::to_string(source.id)], static_cast<int>(corpus.pick(4)));
      }
      const std::string slug = "i" + std::to_string(items);
      titles[slug] = title;
      expected.push_back(old_scan(stored, site, at, tokens_of(title)));
      listed.push_back(make_item(slug, title));
    }
    auto& mine = by_site[site];
    if (!mine.empty() && corpus.pick(5) == 0) {  // a revised headline of one of the site's items
      auto& [slug, id] = mine[corpus.pick(mine.size())];
      titles[slug] = corpus.retold(titles[slug], 3);
      listed.push_back(make_item(slug, titles[slug]));
      stored[by_id[id]].hashes = old_hashed(tokens_of(titles[slug]));
      ++revised;
    }
    ASSERT_TRUE(store->apply_crawl(page(site, at, listed), {}));
    for (std::size_t i = 0; i < expected.size(); ++i) {
      auto q = reader->query("SELECT id, story_id FROM items WHERE url = ?1");
      q.bind(1, listed[i].url);
      ASSERT_TRUE(q.step());
      const std::int64_t id = q.int64(0);
      const std::string story = q.text(1);
      const std::string want = expected[i].empty() ? "s" + std::to_string(id) : expected[i];
      if (story != want && ++mismatches <= 5) ADD_FAILURE() << listed[i].title << ": " << story << " != " << want;
      joined += !expected[i].empty();
      const std::string slug = listed[i].url.substr(std::string("https://news.example/").size());
      titles[std::to_string(id)] = titles[slug.substr(0, slug.size() - 1)];
      by_id[id] = stored.size();
      stored.push_back({id, site, at, story, old_hashed(tokens_of(listed[i].title))});
      mine.emplace_back(slug.substr(0, slug.size() - 1), id);
    }
  }
  EXPECT_EQ(mismatches, 0);
  EXPECT_GT(joined, 300) << "the corpus must make stories for the comparison to mean something";
  EXPECT_GT(revised, 30);
}

std::int64_t count(const std::string& path, const std::string& sql) {
  return std::stoll(testing::inspect(path)->scalar(sql));
}

std::string story_of(Store& store, const std::string& slug) {
  ItemQuery query;
  query.key = "https://news.example/" + slug + "/";
  auto found = store.items(query);
  return found && !found->empty() ? found->front().story_id : "";
}

std::int64_t id_of(Store& store, const std::string& slug) {
  ItemQuery query;
  query.key = "https://news.example/" + slug + "/";
  auto found = store.items(query);
  return found && !found->empty() ? found->front().id : 0;
}

TEST(StoryIndex, DatabaseOfSchema8_IndexesTheWindowBeforeItsNewestItem_AndNewItemsJoinThoseStories) {
  testing::TempDir dir;
  const std::string path = testing::db_path(dir, "v8.db");
  NEWSWATCH_SQLITE_ONLY("winds a SQLite file back to schema 8; PostgreSQL's schema starts at 9");
  {
    sqlite::Database db(path);
    sqlite::migrate(db, 8);
    db.exec("INSERT INTO sites(name) VALUES ('menafn')");
    auto insert = [&](std::int64_t id, const std::string& title, std::int64_t first_seen) {
      db.query("INSERT INTO stories(id, created_at) VALUES (?1, ?2)")
          .bind(1, "s" + std::to_string(id))
          .bind(2, first_seen)
          .run();
      auto q = db.query(
          "INSERT INTO items(id, url, site, title, first_seen, last_seen, story_id, tokens) "
          "VALUES (?1, ?2, 'menafn', ?3, ?4, ?4, ?5, ?6)");
      q.bind(1, id).bind(2, "https://news.example/m" + std::to_string(id) + "/").bind(3, title).bind(4, first_seen);
      q.bind(5, "s" + std::to_string(id)).bind(6, stories::join(tokens_of(title))).run();
    };
    insert(1, "Russia praises North Korean troops for Kursk role", k_t0 - 10 * k_day);
    insert(2, "Kim Jong Un inspects new destroyer at Nampo shipyard", k_t0 - k_hour);
  }
  auto store = testing::open_or_die(path);
  ASSERT_TRUE(store);
  EXPECT_EQ(count(path, "SELECT item_id FROM story_items"), 2) << "only the window's item is indexed";
  EXPECT_EQ(count(path, "SELECT COUNT(*) FROM story_items"), 1);
  ASSERT_TRUE(store->apply_crawl(page("nknews", k_t0,
                                      {make_item("n1", "Kim Jong Un inspects destroyer at Nampo shipyard"),
                                       make_item("n2", "Russia praises North Korean troops for Kursk role")}),
                                 {}));
  EXPECT_EQ(story_of(*store, "n1"), "s2");
  EXPECT_NE(story_of(*store, "n2"), "s1") << "ten days old: outside the window";
}

TEST(StoryIndex, RevisedHeadline_IsWhatLaterItemsAreComparedWith) {
  auto store = testing::open_or_die(":memory:");
  ASSERT_TRUE(store);
  const std::string before = "Russia praises North Korean troops for Kursk role";
  const std::string after = "Kim Jong Un inspects new destroyer at Nampo shipyard";
  ASSERT_TRUE(store->apply_crawl(page("menafn", k_t0, {make_item("m1", before)}), {}));
  ASSERT_TRUE(store->apply_crawl(page("menafn", k_t0 + k_hour, {make_item("m1", after)}), {}));
  ASSERT_TRUE(
      store->apply_crawl(page("nknews", k_t0 + 2 * k_hour, {make_item("n1", before), make_item("n2", after)}), {}));
  const std::string revised = story_of(*store, "m1");
  EXPECT_NE(story_of(*store, "n1"), revised) << "the old headline is gone";
  EXPECT_EQ(story_of(*store, "n2"), revised);
}

TEST(StoryIndex, Retention_DropsThePostingsOfItemsThatLeftTheWindow_KeepingTheItems) {
  testing::TempDir dir;
  const std::string path = testing::db_path(dir, "prune.db");
  auto store = testing::open_or_die(path);
  ASSERT_TRUE(store);
  for (int day : {0, 2, 5})
    ASSERT_TRUE(
        store->apply_crawl(page("menafn", k_t0 + day * k_day,
                                {make_item("m" + std::to_string(day), "Headline of day " + std::to_string(day))}),
                           {}));
  auto pruned = store->prune(k_t0 - 365 * k_day, 100);  // keep is a year: no item is old enough to go
  ASSERT_TRUE(pruned) << pruned.error().message;
  EXPECT_EQ(pruned->items, 0);
  // The window (3 days) and a day's margin before the newest item (day 5): days 2 and 5 stay.
  EXPECT_EQ(count(path, "SELECT COUNT(*) FROM story_items"), 2);
  EXPECT_EQ(count(path, "SELECT COUNT(*) FROM story_items WHERE first_seen < " + std::to_string(k_t0 + k_day)), 0);
  EXPECT_EQ(count(path, "SELECT COUNT(*) FROM items"), 3);
}

// Several processes on one database: each holds the window's postings in memory and catches up from
// story_items before a crawl (store/story_postings.cpp), so an item another process stored, or a headline it
// revised, is what this one's next crawl compares with.
TEST(StoryIndex, ItemsAndRevisionsStoredByAnotherProcess_AreComparedWithByTheNextCrawl) {
  testing::TempDir dir;
  const std::string path = testing::db_path(dir, "shared.db");
  auto first = testing::open_or_die(path);
  auto second = testing::open_or_die(path);
  ASSERT_TRUE(first && second);
  const std::string launch = "North Korea fires ballistic missile into East Sea, Seoul says";
  const std::string destroyer = "Kim Jong Un inspects new destroyer at Nampo shipyard";
  // The second store reads the (empty) window first, so what follows must come through its catch-up.
  ASSERT_TRUE(second->apply_crawl(page("warmup", k_t0, {make_item("w1", "Unrelated weather report for Busan")}), {}));
  ASSERT_TRUE(first->apply_crawl(page("menafn", k_t0 + k_hour, {make_item("m1", launch)}), {}));
  ASSERT_TRUE(second->apply_crawl(page("nknews", k_t0 + 2 * k_hour, {make_item("n1", launch)}), {}));
  EXPECT_EQ(story_of(*second, "n1"), story_of(*second, "m1")) << "the first store's item is a candidate";

  ASSERT_TRUE(first->apply_crawl(page("menafn", k_t0 + 3 * k_hour, {make_item("m1", destroyer)}), {}));
  ASSERT_TRUE(second->apply_crawl(page("yonhap", k_t0 + 4 * k_hour, {make_item("y1", destroyer)}), {}));
  EXPECT_EQ(story_of(*second, "y1"), story_of(*second, "m1")) << "the revised headline is what is compared";
}

// A batch of crawls rolled back: what the postings read inside it is undone, and SQLite numbers the next
// story_items rows as the undone ones were numbered. The postings are read again, so a later item is still
// found (without that, it was skipped as already read) and an undone one is no candidate.
TEST(StoryIndex, BatchRolledBack_LaterItemsAreStillFound) {
  testing::TempDir dir;
  const std::string path = testing::db_path(dir, "rollback.db");
  auto store = testing::open_or_die(path);
  ASSERT_TRUE(store);
  const std::string launch = "North Korea fires ballistic missile into East Sea, Seoul says";
  const std::string destroyer = "Kim Jong Un inspects new destroyer at Nampo shipyard";
  auto undone = store->in_transaction([&]() -> Result<void> {
    if (auto done = store->apply_crawl(page("menafn", k_t0, {make_item("m1", launch)}), {}); !done)
      return tl::unexpected(done.error());
    // The second crawl of the batch reads the first one's row into the postings.
    if (auto done = store->apply_crawl(page("kcna", k_t0, {make_item("k1", "Unrelated weather report")}), {}); !done)
      return tl::unexpected(done.error());
    return fail(ErrorKind::storage, "the batch is given up");
  });
  ASSERT_FALSE(undone);
  ASSERT_TRUE(store->apply_crawl(page("nknews", k_t0 + k_hour, {make_item("n1", destroyer)}), {}));
  ASSERT_TRUE(store->apply_crawl(page("yonhap", k_t0 + 2 * k_hour, {make_item("y1", destroyer)}), {}));
  EXPECT_EQ(story_of(*store, "y1"), story_of(*store, "n1"));
  ASSERT_TRUE(store->apply_crawl(page("nkpro", k_t0 + 3 * k_hour, {make_item("p1", launch)}), {}));
  EXPECT_EQ(story_of(*store, "m1"), "") << "the undone item was never stored";
  EXPECT_EQ(story_of(*store, "p1"), "s" + std::to_string(id_of(*store, "p1"))) << "a story of its own";
}

// The bounds on the work per item: a token's postings are read newest first, 2,000 at most, and when an item's
// prefix lists hold more than 2,000 postings in all they are read only down to a horizon of the newest item ids
// (store/story_index.cpp). A match whose every shared word is carried by thousands of newer items of the window
// is not seen (read whole, the lists would join "recent" to "oldest"); a match among the newest carriers is found.
TEST(StoryIndex, WordsCarriedByThousandsOfItems_AreReadNewestFirst_2000AtMost) {
  testing::TempDir dir;
  auto store = testing::open_or_die(testing::db_path(dir, "bounded.db"));
  ASSERT_TRUE(store);
  const std::string headline = "Alpha bravo charlie delta echo foxtrot golf hotel";
  ASSERT_TRUE(store->apply_crawl(page("oldest", k_t0, {make_item("oldest", headline)}), {}));
  // 2,050 items carrying all eight words among twenty of their own: too unlike the headline to join it.
  std::vector<Item> carriers;
  for (int i = 0; i < 2050; ++i) {
    std::string title = headline;
    for (int w = 0; w < 20; ++w) title += " f" + std::to_string(i) + "x" + std::to_string(w);
    carriers.push_back(make_item("carrier" + std::to_string(i), title));
  }
  ASSERT_TRUE(store->apply_crawl(page("carriers", k_t0 + k_hour, std::move(carriers)), {}));

  ASSERT_TRUE(store->apply_crawl(page("recent", k_t0 + 2 * k_hour, {make_item("recent", headline + " india")}), {}));
  EXPECT_NE(story_of(*store, "recent"), story_of(*store, "oldest")) << "each of its words has 2,050 newer carriers";

  ASSERT_TRUE(store->apply_crawl(page("newest", k_t0 + 3 * k_hour, {make_item("newest", headline)}), {}));
  EXPECT_EQ(story_of(*store, "newest"), story_of(*store, "recent")) << "a match among the newest carriers is found";
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
