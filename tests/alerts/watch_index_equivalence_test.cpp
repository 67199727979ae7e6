// The indexed Matcher against the reference pass over every watch: thousands of generated queries (every
// construct of the language: AND, OR, NOT, -, parentheses, phrases, prefixes, aliases across scripts, every
// scope, per-watch sites, Korean and Japanese terms) and generated items (Korean words with and without
// particles, kana and kanji, full-width letters, hyphens, short fields and long indexed bodies). Both must
// give the same hits in the same order, the same matched terms and the same snippet. Seeded: a failure
// names the item and reproduces.

#include <random>
#include <set>

#include <gtest/gtest.h>

#include "alerts/matcher.h"
#include "alerts/query.h"
#include "alerts/watch_index.h"

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

const std::vector<std::string> k_query_words = {
    "north", "korea", "russia", "kursk",    "missile",  "launch", "podcast", "nuclear", "test",      "kim",
    "jong",  "un",    "yo",     "seoul",    "northern", "북한",   "러시아",  "미사일",  "서울",      "발사",
    "도발",  "北",    "鮮",     "ミサイル", "ＤＰＲＫ", "Straße", "N.K.",    "dprk",    "pyongyang", "김정은"};
const std::vector<std::string> k_phrases = {"\"kim yo jong\"",    "\"north korea\"", "\"북한 미사일\"",
                                            "\"missile launch\"", "\"北朝鮮\"",      "\"nuclear test\""};
const std::vector<std::string> k_prefixes = {"kor*", "miss*", "북*", "미사*", "kim-jo*", "n*", "launche*", "ミ*"};
const std::vector<std::string> k_scopes = {"title:", "summary:", "body:", "author:", "tag:", "site:"};
const std::vector<std::string> k_sites = {"nknews", "yonhap", "dailynk"};

const std::vector<std::string> k_item_words = {
    "North",       "Korea",    "Korean",   "Koreans",  "Russia", "Russia’s", "Kursk",     "missile",    "missiles",
    "launch",      "launched", "podcast",  "nuclear",  "test",   "Kim",      "Jong",      "Un",         "Yo",
    "Kim-Jong-un", "Seoul",    "northern", "북한",     "북한은", "북한의",   "북한산",    "북한에서는", "러시아",
    "러시아와",    "미사일",   "미사일을", "서울로",   "서울",   "발사",     "발사했다",  "도발",       "北朝鮮",
    "ミサイル",    "を",       "発射",     "ＤＰＲＫ", "DPRK",   "STRASSE",  "Pyongyang", "N.K.",       "김정은",
    "김정은이",    "the",      "said",     "on",       "nknews", "yonhap",   "NK",        "PRO"};

const std::vector<std::string> k_filler = {"officials", "weather", "trade", "market", "today", "ministry",
                                           "정부는",    "이날",    "보도",  "会議で", "市場",  "report"};

Aliases test_aliases() {
  return {{"North Korea", {"DPRK", "N. Korea", "북한", "北朝鮮", "조선"}},
          {"Kim Jong Un", {"김정은", "Kim Jong-un", "金正恩"}},
          {"Russia", {"러시아", "ロシア"}}};
}

class Generator {
 public:
  explicit Generator(unsigned seed) : m_rng(seed) {}

  std::string query(int depth = 0) {
    std::size_t pick = depth >= 3 ? 0 : below(10);
    switch (pick) {
      case 0:
      case 1:
      case 2:
      case 3: return atom();
      case 4: return "(" + query(depth + 1) + " OR " + query(depth + 1) + ")";
      case 5: return query(depth + 1) + " AND " + query(depth + 1);
      case 6: return query(depth + 1) + " " + query(depth + 1);
      case 7: return query(depth + 1) + " NOT " + atom();
      case 8: return query(depth + 1) + " -" + atom();
      default: return "NOT NOT " + atom();
    }
  }

  std::vector<std::string> sites() {
    switch (below(4)) {
      case 0: return {k_sites[below(k_sites.size())]};
      case 1: return {"yonhap", "nknews"};
      default: return {"*"};
    }
  }

  Item item(std::size_t n) {
    static const double densities[] = {0.0, 0.1, 0.3, 0.7};  // how many words are watched for, not filler
    m_density = densities[below(4)];
    Item item;
    item.site = k_sites[below(k_sites.size())];
    item.url = "https://example.org/" + std::to_string(n);
    item.title = words(1 + below(9));
    item.summary = words(below(20));
    if (below(2)) item.body = words(below(3) ? 5 + below(60) : 3);
    if (below(3) == 0) item.authors = {below(2) ? "Kim Tong-hyung" : "김정은"};
    if (below(3) == 0) item.tags = {below(2) ? "NK PRO" : "Korea"};
    return item;
  }

 private:
  std::size_t below(std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(m_rng); }

  std::string atom() {
    std::string scope = below(5) == 0 ? k_scopes[below(k_scopes.size())] : "";
    if (scope == "site:") return scope + k_sites[below(k_sites.size())];
    switch (below(6)) {
      case 0: return scope + k_phrases[below(k_phrases.size())];
      case 1: return scope + k_prefixes[below(k_prefixes.size())];
      case 2: return scope + std::string(below(2) ? "\"North Korea\"" : "\"Kim Jong Un\"");
      default: return scope + k_query_words[below(k_query_words.size())];
    }
  }

  std::string words(std::size_t count) {
    std::string out;
    for (std::size_t i = 0; i < count; ++i) {
      bool watched = std::uniform_real_distribution<double>(0, 1)(m_rng) < m_density;
      out += (i ? " " : "") + (watched ? k_item_words[below(k_item_words.size())] : k_filler[below(k_filler.size())]);
    }
    return out;
  }

  std::mt19937 m_rng;
  double m_density = 0;
};

Config generated_config(Generator& generate, std::size_t watches) {
  Config config;
  config.aliases = test_aliases();
  AliasIndex aliases(config.aliases);
  while (config.watches.size() < watches) {
    std::string query = generate.query();
    if (!Query::parse(query, aliases)) continue;  // e.g. a query that would match everything
    WatchConfig watch;
    watch.name = "w" + std::to_string(config.watches.size());
    watch.query = query;
    watch.sites = generate.sites();
    watch.notify = {"hook"};
    config.watches.push_back(std::move(watch));
  }
  return config;
}

void expect_same(const std::vector<WatchHit>& indexed, const std::vector<WatchHit>& every) {
  ASSERT_EQ(indexed.size(), every.size());
  for (std::size_t i = 0; i < indexed.size(); ++i) {
    EXPECT_EQ(indexed[i].watch, every[i].watch);
    EXPECT_EQ(indexed[i].matched, every[i].matched);
    EXPECT_EQ(indexed[i].notifiers, every[i].notifiers);
  }
}

void expect_same(const Snippet& indexed, const Snippet& every) {
  EXPECT_EQ(indexed.text, every.text);
  EXPECT_EQ(indexed.from_body, every.from_body);
  ASSERT_EQ(indexed.marks.size(), every.marks.size());
  for (std::size_t i = 0; i < indexed.marks.size(); ++i) {
    EXPECT_EQ(indexed.marks[i].begin, every.marks[i].begin);
    EXPECT_EQ(indexed.marks[i].end, every.marks[i].end);
  }
}

TEST(WatchIndexEquivalence, GeneratedWatchesAndItems_IndexedMatchEqualsEveryWatch) {
  Generator generate(20261129);
  Config config = generated_config(generate, 2000);
  auto matcher = Matcher::build(config);
  ASSERT_TRUE(matcher) << matcher.error().message;
  std::size_t hits = 0;
  std::set<std::string> watches_hit;
  for (std::size_t n = 0; n < 300; ++n) {
    Item item = generate.item(n);
    SCOPED_TRACE("item " + std::to_string(n) + " site=" + item.site + " title=" + item.title +
                 " summary=" + item.summary + " body=" + item.body);
    Snippet indexed_snippet, every_snippet;
    auto indexed = matcher->match(item, &indexed_snippet);
    auto every = matcher->match_every_watch(item, &every_snippet);
    expect_same(indexed, every);
    expect_same(indexed_snippet, every_snippet);
    hits += every.size();
    for (const WatchHit& hit : every) watches_hit.insert(hit.watch);
    if (HasFailure()) return;  // one item's account is enough to debug
  }
  EXPECT_GT(hits, 2000u) << "the generated watches should match often, or the comparison proves little";
  EXPECT_GT(watches_hit.size(), 1000u) << "most watches should match some item";
  EXPECT_LT(hits, 300u * 2000u / 4) << "and most should miss most items";
}

TEST(WatchIndexEquivalence, GeneratedWatches_CandidatesAreFewerThanTheWatches) {
  Generator generate(7);
  Config config = generated_config(generate, 2000);
  AliasIndex aliases(config.aliases);
  std::vector<QueryAnchors> anchors;
  for (const WatchConfig& watch : config.watches) anchors.push_back(query_anchors(*Query::parse(watch.query, aliases)));
  WatchIndex index(anchors);
  std::size_t candidates = 0;
  for (std::size_t n = 0; n < 100; ++n) candidates += index.candidates(MatchText::from(generate.item(n))).size();
  EXPECT_LT(candidates / 100, 2000u / 2) << "the index should leave most watches out of an item's evaluation";
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
