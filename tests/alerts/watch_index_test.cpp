// The anchors that decide which watches an item is evaluated against (watch_anchors.h, watch_index.h), on
// the cases where a wrong anchor would silently lose an alert: a prefix, a phrase, a Korean noun with a
// particle, a scoped term, an alias written in another script, a watch without anchors. Each case checks
// both that the item which should match is a candidate (and matches) and that one which cannot is left out.

#include <gtest/gtest.h>

#include "alerts/matcher.h"
#include "alerts/watch_index.h"

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

Aliases cross_script_aliases() {
  return {{"North Korea", {"DPRK", "북한", "北朝鮮"}}};
}

/// Whether `item` is a candidate of the one watch `query`.
bool is_candidate(const std::string& query, const Item& item, const Aliases& aliases = {}) {
  auto parsed = Query::parse(query, aliases);
  EXPECT_TRUE(parsed) << query;
  if (!parsed) return false;
  WatchIndex index({query_anchors(*parsed)});
  return !index.candidates(MatchText::from(item)).empty();
}

/// The matched terms of the one watch `query` through the indexed Matcher, or nullopt when it does not hit.
std::optional<std::vector<std::string>> indexed_match(const std::string& query, const Item& item,
                                                      const Aliases& aliases = {}) {
  Config config;
  config.aliases = aliases;
  WatchConfig watch;
  watch.name = "w";
  watch.query = query;
  config.watches = {watch};
  auto matcher = Matcher::build(config);
  EXPECT_TRUE(matcher) << query;
  if (!matcher) return std::nullopt;
  auto hits = matcher->match(item);
  if (hits.empty()) return std::nullopt;
  return hits.front().matched;
}

Item titled(std::string title, std::string body = "") {
  Item item;
  item.site = "nknews";
  item.title = std::move(title);
  item.body = std::move(body);
  return item;
}

TEST(WatchIndex, PrefixAnchor_FindsEveryTokenThatStartsWithIt) {
  EXPECT_TRUE(indexed_match("korea*", titled("Koreans protest in Seoul")));
  EXPECT_TRUE(indexed_match("kim-jo*", titled("Kim Jong Un inspects a factory")));  // two tokens, the last a prefix
  EXPECT_FALSE(is_candidate("korea*", titled("Seoul protest, no K word")));
  EXPECT_FALSE(is_candidate("korea*", titled("Kor is shorter than the prefix")));
}

TEST(WatchIndex, Phrase_IsACandidateOnlyWhenTheItemHoldsEveryWord) {
  EXPECT_TRUE(indexed_match("\"Kim Yo Jong\"", titled("Kim Yo Jong issues a statement")));
  EXPECT_FALSE(is_candidate("\"Kim Yo Jong\"", titled("Kim Jong Un and Yoon meet")));  // no "yo"
  Item scattered = titled("Jong, Yo and Kim");
  EXPECT_TRUE(is_candidate("\"Kim Yo Jong\"", scattered));
  EXPECT_FALSE(indexed_match("\"Kim Yo Jong\"", scattered)) << "the evaluation still wants the words in order";
}

TEST(WatchIndex, KoreanNoun_IsAnchoredOnTheStemAParticleLeaves) {
  EXPECT_TRUE(indexed_match("북한", titled("북한은 미사일을 발사했다")));
  std::string long_body =
      "합동참모본부는 이날 오전 북한의 탄도미사일 발사를 포착했다고 밝혔다 군은 추가 도발에 대비하고 있다";
  EXPECT_TRUE(indexed_match("북한", titled("군 발표", long_body))) << "a long body is read through its word index";
  EXPECT_FALSE(is_candidate("북한", titled("북한산 등산객 증가"))) << "산 is not a particle: another noun";
  EXPECT_TRUE(
      indexed_match("\"북한 미사일\"", titled("북한 미사일을 규탄")));  // the phrase's last word takes a particle
}

TEST(WatchIndex, WatchWithoutAnchors_IsACandidateForEveryItem) {
  WatchIndex index({QueryAnchors{}, query_anchors(*Query::parse("missile"))});
  EXPECT_EQ(index.candidates(MatchText::from(titled("Weather report"))), std::vector<std::uint32_t>{0});
  EXPECT_EQ(index.candidates(MatchText::from(titled("Missile test"))), (std::vector<std::uint32_t>{0, 1}));
}

TEST(WatchIndex, Negations_NeverAnchorAWatch_ButADoubleNegationDoes) {
  EXPECT_FALSE(is_candidate("missile -podcast", titled("A podcast about trade")));
  EXPECT_TRUE(indexed_match("NOT NOT missile", titled("Missile test")));
  EXPECT_FALSE(is_candidate("NOT NOT missile", titled("Weather report")));
  EXPECT_FALSE(is_candidate("NOT (NOT missile OR podcast)", titled("A podcast")));  // missile AND NOT podcast
}

TEST(WatchIndex, ScopedTerms_AreFoundInTheirFields) {
  Item item = titled("Weather report");
  item.summary = "Missile test";
  item.authors = {"Colin Zwirko"};
  item.tags = {"NK PRO"};
  EXPECT_TRUE(indexed_match("summary:missile", item));
  EXPECT_FALSE(indexed_match("title:missile", item));
  EXPECT_TRUE(indexed_match("author:\"Colin Zwirko\"", item));
  EXPECT_TRUE(indexed_match("tag:\"NK PRO\" weather", item));
  EXPECT_TRUE(indexed_match("site:nknews", item));
  item.site = "yonhap";
  EXPECT_FALSE(is_candidate("site:nknews", item));
}

TEST(WatchIndex, AliasWrittenInAnotherScript_FindsEveryForm) {
  Aliases aliases = cross_script_aliases();
  auto japanese = indexed_match("DPRK", titled("北朝鮮がミサイルを発射"), aliases);
  ASSERT_TRUE(japanese);
  EXPECT_EQ(*japanese, std::vector<std::string>{"North Korea"});
  EXPECT_TRUE(indexed_match("DPRK", titled("북한의 도발"), aliases));
  EXPECT_TRUE(indexed_match("北朝鮮", titled("ＤＰＲＫ statement"), aliases));  // full-width folds to dprk
  EXPECT_FALSE(is_candidate("DPRK", titled("朝鮮 alone is not the form"), aliases));
}

TEST(WatchIndex, Hits_KeepConfigOrderAndEachWatchsSites) {
  Config config;
  for (const char* name : {"c", "a", "b"}) {
    WatchConfig watch;
    watch.name = name;
    watch.query = std::string(name) == "a" ? "missile" : "test OR missile";
    if (std::string(name) == "b") watch.sites = {"yonhap"};
    config.watches.push_back(watch);
  }
  auto matcher = Matcher::build(config);
  ASSERT_TRUE(matcher);
  auto hits = matcher->match(titled("Missile test"));
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0].watch, "c");
  EXPECT_EQ(hits[1].watch, "a");
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
