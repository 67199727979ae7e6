// Hostile input to matching and snippets: a 1 MB body, invalid UTF-8, a query
// of 10,000 terms. Nothing crashes, and the work stays linear: counted in
// WorkCount steps (never timed), against bounds a quadratic walk would exceed.

#include <gtest/gtest.h>

#include "alerts/matcher.h"
#include "alerts/snippet.h"

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

std::string big_body(std::size_t bytes) {
  static const std::string sentence = "Officials in Seoul discussed the weather and trade again today. ";
  std::string body;
  body.reserve(bytes + sentence.size());
  while (body.size() < bytes) body += sentence;
  return body;
}

TEST(MatchHostile, MegabyteBody_MatchesAndSnippetsWithLinearWork) {
  Item item;
  item.title = "Talks";
  item.body = big_body(1 << 20) + "Then Kim Yo Jong spoke.";
  auto query = Query::parse("\"Kim Yo Jong\" OR missile OR sanctions");
  ASSERT_TRUE(query);
  MatchText text = MatchText::from(item);
  WorkCount work;
  auto matched = query->match(text, &work);
  ASSERT_TRUE(matched);
  EXPECT_LT(work.steps, 1000u) << "terms find their first word through the body's index";
  auto snippet = make_snippet(*query, item, *matched);
  EXPECT_EQ(snippet.text, "Then Kim Yo Jong spoke.");
  ASSERT_EQ(snippet.marks.size(), 1u);
}

TEST(MatchHostile, InvalidUtf8Everywhere_NeverCrashesAndStillMatchesValidWords) {
  Item item;
  item.title = "\xff\xfeKim\xc3";
  item.summary = "\xe2\x82";
  item.body = std::string("\xf0\x9f\x98", 3) + " missile \xed\xa0\x80 launch \xc0\x80" + std::string(1, '\0') + "end.";
  item.authors = {"\xff"};
  item.tags = {"\x80\x80"};
  auto query = Query::parse("kim body:missile");
  ASSERT_TRUE(query);
  auto matched = query->match(item);
  ASSERT_TRUE(matched);
  auto snippet = make_snippet(*query, item, *matched);
  EXPECT_FALSE(snippet.text.empty());
  for (const auto& mark : snippet.marks) EXPECT_LE(mark.end, snippet.text.size());
}

TEST(MatchHostile, TenThousandTerms_MatchALongBodyWithWorkLinearInTerms) {
  std::string query_text = "w0";
  for (int i = 1; i < 10000; ++i) query_text += " OR w" + std::to_string(i);
  auto query = Query::parse(query_text);
  ASSERT_TRUE(query);
  Item item;
  item.body = big_body(200 * 1024) + " w9999 w5000";
  MatchText text = MatchText::from(item);
  WorkCount work;
  auto matched = query->match(text, &work);
  ASSERT_TRUE(matched);
  EXPECT_EQ(*matched, (std::vector<std::string>{"w5000", "w9999"}));
  EXPECT_LT(work.steps, 100'000u) << "one lookup per term and field, not a walk of the body per term";
  auto snippet = make_snippet(*query, item, *matched);
  EXPECT_EQ(snippet.marks.size(), 2u);
}

TEST(MatchHostile, ThousandWatchesOnALongBody_ShareOneTokenisation) {
  Config config;
  for (int i = 0; i < 1000; ++i)
    config.watches.push_back({"w" + std::to_string(i),
                              "topic" + std::to_string(i) + " OR \"Kim Yo Jong\"",
                              {"*"},
                              {"hook"},
                              true,
                              false,
                              std::nullopt});
  auto matcher = Matcher::build(config);
  ASSERT_TRUE(matcher) << matcher.error().message;
  Item item;
  item.site = "nknews";
  item.body = big_body(100 * 1024) + "Kim Yo Jong spoke.";
  Snippet snippet;
  auto hits = matcher->match(item, &snippet);
  EXPECT_EQ(hits.size(), 1000u);
  EXPECT_EQ(snippet.text, "Kim Yo Jong spoke.");
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
