// The story postings held in memory (store/story_postings.cpp): read from story_items, bounded by a cap on the
// items held and by the window, and compacted so that what is held follows what is live.

#include "store/story_postings.h"

#include <string>

#include <gtest/gtest.h>

#include "store/stories.h"
#include "tests/store/store_test_util.h"

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

constexpr std::int64_t k_day = 24 * 3600;

/// A migrated test database (SQLite or PostgreSQL, as the run says), with `count` items indexed from id `first`,
/// each carrying the word "common", a word of its own ("only<id>") and `extra` more of its own.
class StoryPostingsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string path = testing::db_path(m_dir, "postings.db");
    ASSERT_TRUE(testing::open_or_die(path));  // creates and migrates the database
    m_db = testing::inspect(path);
  }
  void index(std::int64_t first, std::int64_t count, std::int64_t first_seen, int extra = 0) {
    sql::Transaction tx(*m_db);  // one commit, not one per row
    for (std::int64_t id = first; id < first + count; ++id) {
      std::set<std::string> words = {"common", "only" + std::to_string(id)};
      for (int w = 0; w < extra; ++w) words.insert("w" + std::to_string(id) + "x" + std::to_string(w));
      stories::index_item(*m_db, id, first_seen, stories::hashed(words));
    }
    tx.commit();
  }
  /// The live entries of `word`'s postings.
  int live(const stories::StoryPostings& postings, const std::string& word) const {
    const auto* list = postings.postings(stories::token_hash(word));
    int count = 0;
    if (list)
      for (std::uint32_t ordinal : *list) count += !postings.entry(ordinal).gone;
    return count;
  }

  testing::TempDir m_dir;
  std::unique_ptr<sql::Connection> m_db;
};

TEST_F(StoryPostingsTest, MoreItemsThanTheCap_TheOldestAreForgotten) {
  index(1, 5, testing::k_t0);
  stories::StoryPostings postings(3);
  postings.catch_up(*m_db);
  EXPECT_EQ(postings.items(), 3u);
  EXPECT_EQ(live(postings, "only1"), 0);
  EXPECT_EQ(live(postings, "only2"), 0);
  EXPECT_EQ(live(postings, "only3"), 1);
  EXPECT_EQ(live(postings, "only5"), 1);
  EXPECT_EQ(live(postings, "common"), 3);
}

TEST_F(StoryPostingsTest, RollbackOfAWriter_PostingsReadAgain_UnderTheSameCap) {
  index(1, 5, testing::k_t0);
  stories::StoryPostings postings(3);
  postings.catch_up(*m_db);
  { sql::Transaction undone(*m_db); }  // a writer's transaction rolled back: what was read may be gone
  index(6, 1, testing::k_t0);
  postings.catch_up(*m_db);
  EXPECT_EQ(postings.items(), 3u);
  EXPECT_EQ(live(postings, "only6"), 1);
  EXPECT_EQ(live(postings, "only3"), 0);
}

TEST_F(StoryPostingsTest, ReadingFarMoreThanTheCap_HoldsPostingsForAboutTheCapOnly) {
  stories::StoryPostings postings(100);
  for (int chunk = 0; chunk < 20; ++chunk) {
    index(1 + chunk * 1000, 1000, testing::k_t0, 10);  // 12 words an item: 240,000 postings in all
    postings.catch_up(*m_db);
    // Live: 100 items x 12 words; gone postings are dropped once they outweigh those by the compaction's slack.
    EXPECT_LT(postings.held_postings(), 2 * 100 * 12 + (1 << 16) + 12) << "after chunk " << chunk;
  }
  EXPECT_EQ(postings.items(), 100u);
  EXPECT_EQ(live(postings, "only20000"), 1);
  EXPECT_EQ(live(postings, "only19900"), 0);
}

TEST_F(StoryPostingsTest, ItemsThatLeftTheWindow_AreForgotten_AndTheirPostingsDroppedInTime) {
  index(1, 10, testing::k_t0);
  index(11, 10, testing::k_t0 + 5 * k_day);
  stories::StoryPostings postings;
  postings.catch_up(*m_db);
  EXPECT_EQ(postings.items(), 20u);
  postings.forget_before(testing::k_t0 + k_day);
  EXPECT_EQ(postings.items(), 10u);
  EXPECT_EQ(live(postings, "only1"), 0);
  EXPECT_EQ(live(postings, "only11"), 1);
  EXPECT_EQ(live(postings, "common"), 10);
}

TEST_F(StoryPostingsTest, RevisedItem_OnlyItsNewWordsAreLive) {
  index(1, 1, testing::k_t0);
  stories::StoryPostings postings;
  postings.catch_up(*m_db);
  stories::reindex_item(*m_db, 1, {"revised", "headline"});
  postings.catch_up(*m_db);
  EXPECT_EQ(postings.items(), 1u);
  EXPECT_EQ(live(postings, "only1"), 0);
  EXPECT_EQ(live(postings, "revised"), 1);
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
