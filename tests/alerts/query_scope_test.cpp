// Scoped terms (query_lex.h, query.h): `title:`, `summary:`, `body:`, `site:`,
// `author:`, `tag:` look in that field only; an unscoped term looks in the
// title, the summary and the body. Bad scopes are parse errors with a column.

#include <gtest/gtest.h>

#include "alerts/match_explain.h"
#include "alerts/matcher.h"
#include "alerts/query.h"

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

Item article() {
  Item item;
  item.site = "nknews";
  item.url = "https://www.nknews.org/2024/10/envoy/";
  item.title = "Pyongyang fires missile into the East Sea";
  item.summary = "The launch came hours after talks in Seoul.";
  item.body = "Officials said Kim Yo Jong issued a statement. The missile flew 1,000 km.";
  item.authors = {"Chad O'Carroll", "Kim Tong-Hyung"};
  item.tags = {"NK PRO", "Military"};
  return item;
}

struct ScopeCase {
  const char* name;
  const char* query;
  bool match;
};

void PrintTo(const ScopeCase& c, std::ostream* os) {
  *os << c.name;
}

const ScopeCase k_scope_cases[] = {
    {"title_scope_in_title", "title:missile", true},
    {"title_scope_not_in_summary", "title:launch", false},
    {"summary_scope", "summary:talks", true},
    {"summary_scope_not_in_title", "summary:pyongyang", false},
    {"body_phrase", "body:\"Kim Yo Jong\"", true},
    {"body_phrase_not_in_title", "title:\"Kim Yo Jong\"", false},
    {"unscoped_finds_body", "\"Kim Yo Jong\"", true},
    {"site_whole_name", "site:nknews", true},
    {"site_other_name", "site:nkjournal", false},
    {"site_is_not_a_word_search", "site:nk", false},
    {"site_prefix", "site:nk*", true},
    {"author_word", "author:Kim", true},
    {"author_phrase_within_one_author", "author:\"Carroll Kim\"", false},
    {"tag_phrase", "tag:\"NK PRO\"", true},
    {"tag_absent", "tag:Sanctions", false},
    {"scope_name_any_case", "TITLE:missile", true},
    {"scoped_negation", "missile -title:statement", true},
    {"scoped_negation_hits", "missile -body:statement", false},
    {"scopes_combined", "site:nknews title:missile body:statement", true},
};

class ScopeTest : public testing::TestWithParam<ScopeCase> {};

TEST_P(ScopeTest, TermLooksOnlyInItsField) {
  auto query = Query::parse(GetParam().query);
  ASSERT_TRUE(query) << query.error().message;
  EXPECT_EQ(query->match(article()).has_value(), GetParam().match);
}

INSTANTIATE_TEST_SUITE_P(Scopes, ScopeTest, testing::ValuesIn(k_scope_cases),
                         [](const auto& info) { return std::string(info.param.name); });

struct ScopeErrorCase {
  const char* name;
  const char* query;
  const char* error;
};

void PrintTo(const ScopeErrorCase& c, std::ostream* os) {
  *os << c.name;
}

const ScopeErrorCase k_error_cases[] = {
    {"unknown_scope", "missile bodi:Kim",
     "unknown scope 'bodi:' (scopes: title:, summary:, body:, site:, author:, tag:) at column 9"},
    {"scope_before_group", "title:(a OR b)",
     "a scope applies to one word or phrase (write title:a OR title:b) at column 1"},
    {"scope_before_nothing",
     "missile title:", "a scope applies to one word or phrase (write title:a OR title:b) at column 9"},
    {"scope_before_space", "title: missile",
     "a scope applies to one word or phrase (write title:a OR title:b) at column 1"},
    {"scoped_empty_phrase", "body:\"\"", "empty phrase at column 1"},
};

class ScopeErrorTest : public testing::TestWithParam<ScopeErrorCase> {};

TEST_P(ScopeErrorTest, SaysWhatIsWrongAndWhere) {
  auto query = Query::parse(GetParam().query);
  ASSERT_FALSE(query);
  EXPECT_EQ(query.error().message, GetParam().error);
}

INSTANTIATE_TEST_SUITE_P(Scopes, ScopeErrorTest, testing::ValuesIn(k_error_cases),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(QueryScope, WordsWithAColonThatAreNotScopes_StayWords) {
  auto query = Query::parse("10:30 \"Breaking:\"");
  ASSERT_TRUE(query) << query.error().message;
  EXPECT_TRUE(query->match("Breaking: talks at 10:30", ""));
}

TEST(QueryScope, MatchedTermsAndTree_NameTheScope) {
  auto query = Query::parse("title:missile body:\"Kim Yo Jong\" site:nknews");
  ASSERT_TRUE(query);
  EXPECT_EQ(query->to_string(), "(AND title:missile body:\"Kim Yo Jong\" site:nknews)");
  auto matched = query->match(article());
  ASSERT_TRUE(matched);
  EXPECT_EQ(*matched, (std::vector<std::string>{"title:missile", "body:Kim Yo Jong", "site:nknews"}));
}

TEST(QueryScope, ScopedAlias_UsesEveryFormInThatFieldOnly) {
  Aliases aliases = {{"North Korea", {"DPRK", "북한", "Pyongyang"}}};
  auto query = Query::parse("title:DPRK", aliases);
  ASSERT_TRUE(query);
  EXPECT_TRUE(query->match(article()));  // Pyongyang in the title
  auto body_only = Query::parse("summary:\"North Korea\"", aliases);
  ASSERT_TRUE(body_only);
  EXPECT_FALSE(body_only->match(article()));
}

TEST(QueryScope, Explanation_NamesTheFieldEachTermMatchedIn) {
  auto query = Query::parse("missile \"Kim Yo Jong\" tag:\"NK PRO\" author:Kim");
  ASSERT_TRUE(query);
  auto explanation = explain_match(*query, article());
  ASSERT_TRUE(explanation.matches);
  auto words = matched_words(*query, explanation);
  ASSERT_EQ(words.size(), 4u);
  EXPECT_EQ(describe_words(words[0].words), "missile in title; missile in body");
  EXPECT_EQ(describe_words(words[1].words), "Kim Yo Jong in body");
  EXPECT_EQ(describe_words(words[2].words), "NK PRO in tag");
  EXPECT_EQ(describe_words(words[3].words), "Kim in author");
}

TEST(QueryScope, WhyNot_SaysWhereAScopedTermWasLookedFor) {
  auto query = Query::parse("title:statement");
  ASSERT_TRUE(query);
  auto lines = why_not_lines(*query, explain_match(*query, article()));
  EXPECT_EQ(lines, (std::vector<std::string>{"✗ title:statement: not in title"}));
}

TEST(QueryScope, SiteTermNamingNoConfiguredSite_IsWarnedAtItsColumn) {
  std::vector<std::string> sites = {"nknews", "nkjournal"};
  EXPECT_EQ(
      query_warnings("missile site:nkenws", {}, sites),
      (std::vector<std::string>{"site:nkenws names no configured site (configured: nknews, nkjournal) at column 9"}));
  EXPECT_TRUE(query_warnings("missile site:nknews OR site:nkj*", {}, sites).empty());
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
