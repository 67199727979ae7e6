#include "alerts/matcher.h"

#include <gtest/gtest.h>

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

Config example_config() {
  Config config;
  config.aliases = {{"North Korea", {"DPRK", "N. Korea", "N-Korea", "North Korean", "Pyongyang"}}};
  config.watches = {
      {"russia-military",
       "\"North Korea\" AND (Russia OR Kursk) NOT podcast",
       {"*"},
       {"ops-webhook", "analyst-mail"},
       true,
       false,
       std::nullopt},
      {"nknews-only", "Kursk", {"nknews"}, {"ops-webhook"}, false, false, std::nullopt},
      {"two-sites", "Russia", {"nknews", "nkjournal"}, {"analyst-mail"}, true, false, std::nullopt},
  };
  return config;
}

Item item(std::string site, std::string title, std::string summary = "") {
  Item i;
  i.site = std::move(site);
  i.url = "https://example.org/" + i.site;
  i.title = std::move(title);
  i.summary = std::move(summary);
  return i;
}

std::vector<std::string> watch_names(const std::vector<WatchHit>& hits) {
  std::vector<std::string> names;
  for (const auto& hit : hits) names.push_back(hit.watch);
  return names;
}

struct SiteCase {
  const char* name;
  const char* site;
  std::vector<std::string> watches;
};

// Test names carry the row name; this keeps ctest's listing readable too.
void PrintTo(const SiteCase& c, std::ostream* os) {
  *os << c.name;
}

const SiteCase k_site_cases[] = {
    {"star_and_listed_site", "nknews", {"russia-military", "nknews-only", "two-sites"}},
    {"star_and_second_listed_site", "nkjournal", {"russia-military", "two-sites"}},
    {"star_only", "joongang-nk", {"russia-military"}},
    {"bare_extractor_has_no_site", "", {"russia-military"}},
};

class MatcherSitesTest : public testing::TestWithParam<SiteCase> {};

TEST_P(MatcherSitesTest, HonoursEachWatchsSites) {
  auto matcher = Matcher::build(example_config());
  ASSERT_TRUE(matcher.has_value()) << matcher.error().message;
  auto hits = matcher->match(item(GetParam().site, "Russia Praises North Korea for Role in Kursk"));
  EXPECT_EQ(watch_names(hits), GetParam().watches);
}

INSTANTIATE_TEST_SUITE_P(Matcher, MatcherSitesTest, testing::ValuesIn(k_site_cases),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(Matcher, Hit_CarriesNotifiersMatchedTermsAndOncePerStory) {
  auto matcher = Matcher::build(example_config());
  ASSERT_TRUE(matcher.has_value());
  auto hits = matcher->match(item("joongang-nk", "Kremlin declares Russia would assist in defending N-Korea"));
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].watch, "russia-military");
  EXPECT_EQ(hits[0].notifiers, (std::vector<std::string>{"ops-webhook", "analyst-mail"}));
  EXPECT_EQ(hits[0].matched, (std::vector<std::string>{"North Korea", "Russia"}));
  EXPECT_TRUE(hits[0].once_per_story);

  auto kursk = matcher->match(item("nknews", "Battle for Kursk"));
  ASSERT_EQ(kursk.size(), 1u);
  EXPECT_FALSE(kursk[0].once_per_story);
}

TEST(Matcher, NoWatchMatches_ReturnsEmpty) {
  auto matcher = Matcher::build(example_config());
  ASSERT_TRUE(matcher.has_value());
  EXPECT_TRUE(matcher->match(item("nknews", "Trump Eyes Renewed Diplomatic Approach")).empty());
}

TEST(Matcher, BadQuery_FailsNamingTheWatchAndColumn) {
  Config config = example_config();
  config.watches.push_back({"broken", "Russia AND", {"*"}, {}, true, false, std::nullopt});
  auto matcher = Matcher::build(config);
  ASSERT_FALSE(matcher.has_value());
  EXPECT_EQ(matcher.error().kind, ErrorKind::config);
  EXPECT_EQ(matcher.error().message, "watch 'broken': query: expected a term after AND at column 11");
}

TEST(Matcher, QueryError_NulloptWhenValid) {
  EXPECT_EQ(query_error("DPRK OR Kursk", {}), std::nullopt);
  EXPECT_EQ(query_error("(DPRK", {}), "unbalanced parenthesis at column 1");
}

// check-config, `match`, `items --match` and a SIGHUP reload all ask query_error first.
TEST(Matcher, QueryError_TooDeepIsLocatedNotACrash) {
  std::string deep = std::string(6600, '(') + "Russia" + std::string(6600, ')');
  EXPECT_EQ(query_error(deep, {}), "query nests deeper than 64 levels (parentheses, NOT, -) at column 65");
}

TEST(Matcher, QueryWarnings_LocatedForLowerCaseOperatorEmptyOtherwise) {
  EXPECT_EQ(query_warnings("Russia or Moscow", {}),
            (std::vector<std::string>{"'or' is searched as a word, not as an operator: did you mean OR? (quote it to "
                                      "search the word) at column 8"}));
  EXPECT_TRUE(query_warnings("Russia OR Moscow", {}).empty());
  EXPECT_TRUE(query_warnings("(Russia or", {}).empty());  // does not parse: query_error says why
}

TEST(Matcher, MatchQuery_DryRunUsesAliases) {
  std::map<std::string, std::vector<std::string>> aliases = {{"North Korea", {"DPRK", "Pyongyang"}}};
  auto hit = match_query("DPRK", aliases, "Pyongyang fires missile", "");
  ASSERT_TRUE(hit.has_value());
  EXPECT_EQ(*hit, (std::optional<std::vector<std::string>>{{"North Korea"}}));
  auto miss = match_query("DPRK", aliases, "Seoul", "");
  ASSERT_TRUE(miss.has_value());
  EXPECT_EQ(*miss, std::nullopt);
  auto bad = match_query("", aliases, "Seoul", "");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().message, "empty query");
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
