#include "store/stories.h"

#include <gtest/gtest.h>

#include "store/store.h"
#include "tests/store/store_test_util.h"

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

TEST(StoryTokens, NormaliseCaseStopwordsPluralsAndTypographicPunctuation) {
  auto t = stories::tokens("Russia Commends North Korean Soldiers for the ‘Kursk’ Victory’s role — N. Korea's");
  EXPECT_EQ(stories::join(t), "commend korea korean kursk north role russia soldier victory");
}

TEST(StoryTokens, KeepNonAsciiLetters) {
  auto t = stories::tokens("북한 Missile");
  EXPECT_EQ(t.count("북한"), 1u);
  EXPECT_EQ(t.count("missile"), 1u);
}

struct Pair {
  const char* a;
  const char* b;
  bool same;
};

// Title + summary pairs from seed 000 (MENAFN listing), judged by a reader.
const Pair k_pairs[] = {
    {"Russia Praises North Korea for Role in Kursk. Valery Gerasimov, the Chief of the Russian General Staff, has "
     "acknowledged the significant contribution made by North Korean soldiers in aiding the liberation of Kursk "
     "Region from Ukrainian forces. He emphasized their",
     "Russia Commends North Korean Soldiers for Key Role in Kursk Victory. Valery Gerasimov, the head of Russia's "
     "General Staff, has commended the significant role played by North Korean soldiers in the successful liberation "
     "of Kursk Region from Ukrainian control. He highlighted their \"resilience and heroism\"...",
     true},
    {"N. Korea’s President Misses Grandfather's Birth Anniversary Visit for Third Consecutive Year. According to "
     "South Korean media reports on Wednesday, North Korean leader Kim Jong-un did not attend the mausoleum visit "
     "commemorating his grandfather Kim Il-sung's birth anniversary for the third consecutive year. Instead, Premier "
     "Park...",
     "North Korea President Misses Grandfather’s Memorial Visit. North Korean head of state Kim Jong-un has seemingly "
     "foregone his customary tribute at the mausoleum commemorating his grandfather, for the third consecutive year, "
     "as reported by South Korean outlets on Wednesday. According to a news...",
     true},
    {"North Korea Criticizes South Korea, U.S. Military Training. On Monday, North Korea strongly criticized the "
     "annual joint military exercises conducted by the United States and South Korea, labeling them as a \"planned "
     "and provocative nuclear war rehearsal.\" A state news agency reported that Pyongyang...",
     "North Korea voices remarks on US-South Korea military exercises. North Korea sharply criticized the military "
     "exercises held between the US and South Korea, labeling them a \"planned and provocative nuclear war "
     "rehearsal.\" on Monday. The North vowed to enhance its military capabilities to counter any...",
     true},
    {"North Korea denounces US-Japan-South Korea naval exercise. North Korea has strongly criticized a recent joint "
     "naval exercise conducted by the United States, Japan, and South Korea. In a commentary published Tuesday, "
     "North Korean news agency denounced the naval maneuvers as a provocative act that...",
     "North Korea Criticizes South Korea, U.S. Military Training. On Monday, North Korea strongly criticized the "
     "annual joint military exercises conducted by the United States and South Korea, labeling them as a \"planned "
     "and provocative nuclear war rehearsal.\" A state news agency reported that Pyongyang...",
     false},
    {"North Korea Condemns Israel’s Military Operations in Gaza. North Korea has strongly criticized Israel, accusing "
     "it of deliberately attempting to take control of Palestinian lands.",
     "North Korea Slams Israel's Intent to Annex Palestinian Territories. On Thursday, North Korea criticized Israel "
     "for its purported plans to annex Palestinian territories amid a renewed military campaign in the Gaza Strip.",
     false},
    {"Russia, North Korea unveil border bridge construction project. Russia and North Korea are poised to begin "
     "construction of a road bridge linking the two nations, according to Moscow's ambassador to Pyongyang.",
     "Kremlin declares Russia would assist in defending N-Korea. Russia will support North Korea militarily if "
     "necessary, Kremlin spokesperson Dmitry Peskov confirmed on Monday.",
     false},
};

TEST(StorySimilarity, SeedPairs_AreJudgedLikeAReader) {
  for (const Pair& pair : k_pairs) {
    auto a = stories::tokens(pair.a);
    auto b = stories::tokens(pair.b);
    EXPECT_EQ(stories::same_event(a, b), pair.same)
        << "jaccard " << stories::jaccard(a, b) << "\n  " << pair.a << "\n  " << pair.b;
  }
}

using testing::make_item;
using testing::page;

TEST(Stories, SimilarItemsOnTheSameSite_StayTwoStories) {
  auto store = testing::open_or_die(":memory:");
  ASSERT_TRUE(store);
  const Pair& kursk = k_pairs[0];
  ASSERT_TRUE(store->apply_crawl(page("menafn", 100, {make_item("m1", kursk.a), make_item("m2", kursk.b)}), {}));
  auto items = store->items({}).value();
  ASSERT_EQ(items.size(), 2u);
  EXPECT_NE(items[0].story_id, items[1].story_id);
  EXPECT_EQ(items[0].story_sources, std::vector<std::string>{"menafn"});
}

TEST(Stories, SimilarItemsOnTwoSites_ShareAStory_OnlyWithinTheWindow) {
  auto store = testing::open_or_die(":memory:");
  ASSERT_TRUE(store);
  const Pair& kursk = k_pairs[0];
  const std::int64_t day = 86400;
  ASSERT_TRUE(store->apply_crawl(page("menafn", 0, {make_item("m1", kursk.a)}), {}));
  ASSERT_TRUE(store->apply_crawl(page("nknews", day, {make_item("n1", kursk.b)}), {}));
  ASSERT_TRUE(store->apply_crawl(page("joongang", 5 * day, {make_item("j1", kursk.b)}), {}));
  auto items = store->items({}).value();
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[2].story_id, "s" + std::to_string(items[2].id)) << "a story is named after its first item";
  EXPECT_EQ(items[1].story_id, items[2].story_id);
  EXPECT_EQ(items[1].story_sources, (std::vector<std::string>{"menafn", "nknews"}));
  EXPECT_NE(items[0].story_id, items[1].story_id) << "four days later is another story";
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
