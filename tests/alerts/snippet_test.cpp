// Snippets (snippet.h): the sentence(s) around the first match, body first,
// about 300 characters cut on sentence or word boundaries, with byte-offset
// marks on every occurrence of the matched terms.

#include <gtest/gtest.h>

#include "alerts/snippet.h"

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

Snippet snippet_of(const std::string& query_text, const Item& item, const Aliases& aliases = {}) {
  auto query = Query::parse(query_text, aliases);
  EXPECT_TRUE(query) << query.error().message;
  if (!query) return {};
  auto matched = query->match(item);
  EXPECT_TRUE(matched) << "the query should match the item";
  if (!matched) return {};
  return make_snippet(*query, item, *matched);
}

/// The marked words, in order.
std::vector<std::string> marked(const Snippet& snippet) {
  std::vector<std::string> out;
  for (const auto& mark : snippet.marks) out.push_back(snippet.text.substr(mark.begin, mark.end - mark.begin));
  return out;
}

std::size_t code_points(const std::string& text) {
  std::size_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80;
  return n;
}

Item item_with_body(std::string body) {
  Item item;
  item.site = "nknews";
  item.title = "Seoul reacts to launch";
  item.summary = "Officials met on Tuesday.";
  item.body = std::move(body);
  return item;
}

TEST(Snippet, SentenceAroundFirstBodyMatch_WithEveryOccurrenceMarked) {
  Item item = item_with_body(
      "The ministry met at dawn. Officials said Kim Yo Jong issued a statement, and Kim Yo Jong later spoke "
      "again. Weather was fine.\nMarkets were calm.");
  Snippet snippet = snippet_of("\"Kim Yo Jong\"", item);
  EXPECT_TRUE(snippet.from_body);
  EXPECT_EQ(snippet.text,
            "Officials said Kim Yo Jong issued a statement, and Kim Yo Jong later spoke again. Weather was fine. "
            "Markets were calm.");
  EXPECT_EQ(marked(snippet), (std::vector<std::string>{"Kim Yo Jong", "Kim Yo Jong"}));
}

TEST(Snippet, FollowingSentencesStopBeforeThreeHundredCharacters) {
  std::string filler = "Another sentence follows here with some words in it to fill the space.";
  std::string body = "Pyongyang fired a missile. ";
  for (int i = 0; i < 10; ++i) body += filler + " ";
  Snippet snippet = snippet_of("missile", item_with_body(body));
  EXPECT_TRUE(snippet.text.starts_with("Pyongyang fired a missile. Another sentence"));
  EXPECT_LE(code_points(snippet.text), k_snippet_chars);
  EXPECT_TRUE(snippet.text.ends_with("space."));
}

TEST(Snippet, LongSentence_IsCutOnWordBoundariesWithEllipses) {
  std::string words;
  for (int i = 0; i < 80; ++i) words += "word" + std::to_string(i) + " ";
  Item item = item_with_body(words + "and the missile " + words + "end.");
  Snippet snippet = snippet_of("missile", item);
  ASSERT_FALSE(snippet.text.empty());
  EXPECT_TRUE(snippet.text.starts_with("…word"));
  EXPECT_TRUE(snippet.text.ends_with("…"));
  EXPECT_LE(code_points(snippet.text), k_snippet_chars + 2);
  EXPECT_EQ(marked(snippet), (std::vector<std::string>{"missile"}));
  std::string inner = snippet.text.substr(std::string("…").size());
  inner = inner.substr(0, inner.size() - std::string("…").size());
  EXPECT_TRUE(inner.starts_with("word")) << "starts on a whole word";
  EXPECT_NE(inner.back(), ' ');
}

TEST(Snippet, NoBodyMatch_FallsBackToSummaryThenTitle) {
  Item item = item_with_body("Nothing relevant here.");
  Snippet from_summary = snippet_of("Tuesday", item);
  EXPECT_FALSE(from_summary.from_body);
  EXPECT_EQ(from_summary.text, "Officials met on Tuesday.");
  EXPECT_EQ(marked(from_summary), (std::vector<std::string>{"Tuesday"}));
  Snippet from_title = snippet_of("launch", item);
  EXPECT_EQ(from_title.text, "Seoul reacts to launch");
  EXPECT_EQ(marked(from_title), (std::vector<std::string>{"launch"}));
}

TEST(Snippet, ScopedTerm_MarksOnlyItsField) {
  Item item = item_with_body("The launch was condemned. Seoul said so.");
  Snippet snippet = snippet_of("title:launch", item);
  EXPECT_FALSE(snippet.from_body);
  EXPECT_EQ(snippet.text, "Seoul reacts to launch");
}

TEST(Snippet, KoreanBody_MarksTheNounWithItsParticleAsWritten) {
  Item item = item_with_body(
      "합동참모본부는 이날 오전 기자회견을 열었다. 북한은 동해상으로 탄도미사일을 발사했다. 북한산 등산로는 "
      "정상 운영된다. 정부는 북한의 도발을 규탄했다.");
  Aliases aliases = {{"North Korea", {"DPRK", "북한", "조선"}}};
  Snippet snippet = snippet_of("\"North Korea\"", item, aliases);
  EXPECT_TRUE(snippet.from_body);
  EXPECT_TRUE(snippet.text.starts_with("북한은 동해상으로")) << snippet.text;
  EXPECT_EQ(marked(snippet), (std::vector<std::string>{"북한은", "북한의"}));  // never 북한산
}

TEST(Snippet, AliasAcrossScripts_MarksEachForm) {
  Item item = item_with_body("The DPRK said North Korea will respond. ＤＰＲＫ media agreed.");
  Aliases aliases = {{"North Korea", {"DPRK", "북한", "Pyongyang"}}};
  Snippet snippet = snippet_of("Pyongyang", item, aliases);
  EXPECT_EQ(marked(snippet), (std::vector<std::string>{"DPRK", "North Korea", "ＤＰＲＫ"}));
}

TEST(Snippet, JapaneseBody_WithoutSpaces_IsCutBetweenCharacters) {
  std::string body;
  for (int i = 0; i < 60; ++i) body += "経済";
  body += "北朝鮮がミサイルを発射";
  for (int i = 0; i < 200; ++i) body += "政府";
  body += "。";
  Snippet snippet = snippet_of("北朝鮮", item_with_body(body));
  EXPECT_EQ(marked(snippet), (std::vector<std::string>{"北朝鮮"}));
  EXPECT_LE(code_points(snippet.text), k_snippet_chars + 2);
}

TEST(Snippet, MarksAreAscendingAndInsideTheText) {
  Item item = item_with_body("Russia and Russia and Russia met. Russia again.");
  Snippet snippet = snippet_of("Russia", item);
  std::size_t last = 0;
  for (const auto& mark : snippet.marks) {
    EXPECT_GE(mark.begin, last);
    EXPECT_LT(mark.begin, mark.end);
    EXPECT_LE(mark.end, snippet.text.size());
    last = mark.end;
  }
  EXPECT_EQ(snippet.marks.size(), 4u);
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
