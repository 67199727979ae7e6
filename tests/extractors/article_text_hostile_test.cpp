// Main-text extraction on hand-made pages: what a hostile or odd page must not do to it (nest 300,000 deep,
// weigh megabytes, hold no paragraphs) and the furniture it must leave out (a "related stories" rail and a
// sidebar naming a watched name, a newsletter box, a share bar). Every bound is on output or work, never time.

#include <gtest/gtest.h>

#include <string>

#include "extractors/article_text.h"

using namespace newswatch;

namespace {
namespace NEWSWATCH_FILE_ID {

std::string repeat(std::string_view unit, std::size_t times) {
  std::string out;
  out.reserve(unit.size() * times);
  for (std::size_t i = 0; i < times; ++i) out += unit;
  return out;
}

const std::string k_paragraphs =
    "<p>The ministry said on Monday that talks would resume in the spring after a long pause.</p>"
    "<p>Officials from both sides met at the border village to agree on an agenda for the meeting.</p>"
    "<p>Analysts said the move reflected pressure from the economy and from a poor harvest last year.</p>"
    "<p>A spokesman for the unification ministry, Lee Min-ho, declined to say who would lead the delegation.</p>";

TEST(ArticleTextHostile, NestedThreeHundredThousandDeep_IsRefusedBeforeParsing) {
  const std::string page = repeat("<div>", 300000) + "<p>deep</p>";
  auto text = article_text(page, "auto");
  ASSERT_FALSE(text);
  EXPECT_EQ(text.error().kind, ErrorKind::parse);
}

TEST(ArticleTextHostile, HugePage_TextIsCutAtTheBound) {
  const std::string page = "<html><body><article>" + repeat(k_paragraphs, 30000) + "</article></body></html>";
  ASSERT_GT(page.size(), 10u << 20);
  auto text = article_text(page, "auto");
  ASSERT_TRUE(text) << text.error().message;
  EXPECT_TRUE(text->truncated);
  EXPECT_LE(text->text.size(), k_max_article_text_bytes);
  EXPECT_GT(text->text.size(), k_max_article_text_bytes - 200);
}

TEST(ArticleTextHostile, OneParagraphOfMegabytes_IsCutAtTheBound) {
  const std::string page = "<article><p>" + repeat("word ", 1 << 20) + "</p></article>";
  auto text = article_text(page, "auto");
  ASSERT_TRUE(text);
  EXPECT_TRUE(text->truncated);
  EXPECT_LE(text->text.size(), k_max_article_text_bytes);
}

TEST(ArticleTextHostile, PageWithoutParagraphs_HasNoArticleText) {
  const std::string page =
      "<html><body><nav><a href=/a>World</a> <a href=/b>Politics</a></nav><h1>Latest</h1>"
      "<ul><li><a href=/1>Kim Yo Jong visits the border in a surprise trip</a></li>"
      "<li><a href=/2>Missile launch reported off the east coast on Sunday</a></li></ul></body></html>";
  auto text = article_text(page, "auto");
  ASSERT_TRUE(text);
  EXPECT_EQ(text->method, "none");
  EXPECT_EQ(text->text, "");
}

TEST(ArticleTextHostile, RelatedStoriesRailAndSidebarNamingAWatchedName_AreLeftOut) {
  const std::string page =
      "<html><body><header><a href=/>Daily</a></header><main><article><h1>Talks to resume</h1>" + k_paragraphs +
      "<div class=\"share-bar\"><a href=/s>Share on Kim Yo Jong's favourite network</a></div>"
      "<div class=\"newsletter-box\"><p>Sign up for our newsletter about Kim Yo Jong and the leadership.</p></div>"
      "<figure><img src=x.jpg><figcaption>Kim Yo Jong at a rally in Pyongyang last year, in a file photo</figcaption>"
      "</figure></article>"
      "<section class=\"related-stories\"><h3>Related stories</h3>"
      "<p>Kim Yo Jong warns Seoul over leaflets in a statement carried by state media on Tuesday night.</p>"
      "<p>Kim Yo Jong's statement follows a week of rising tension along the heavily fortified border.</p></section>"
      "</main><div id=\"sidebar\"><p>Most read: Kim Yo Jong rises in the party hierarchy, analysts say after the "
      "plenum closed.</p><p>Kim Yo Jong again: a profile of the leader's sister and her place in the regime today.</p>"
      "<p>Kim Yo Jong and the succession: what the photographs from the parade might reveal to observers.</p></div>"
      "</body></html>";
  auto text = article_text(page, "auto");
  ASSERT_TRUE(text);
  EXPECT_EQ(text->method, "dense-block");
  EXPECT_NE(text->text.find("declined to say who would lead"), std::string::npos) << text->text;
  EXPECT_EQ(text->text.find("Kim Yo Jong"), std::string::npos) << text->text;
}

TEST(ArticleTextHostile, JsonLdArticleBody_IsUsedWhenTheSiteHasNoLayout) {
  const std::string page =
      "<html><head><script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@graph\":[{\"@type\":"
      "\"WebPage\"},{\"@type\":\"NewsArticle\",\"headline\":\"H\",\"articleBody\":\"First paragraph of the body.\\n"
      "\\nSecond   paragraph, with the name Choe Son Hui.\"}]}</script></head><body><div><p>Teaser text that is "
      "long enough to score as a paragraph of the page.</p></div></body></html>";
  auto text = article_text(page, "auto");
  ASSERT_TRUE(text);
  EXPECT_EQ(text->method, "json-ld");
  EXPECT_EQ(text->text, "First paragraph of the body.\n\nSecond paragraph, with the name Choe Son Hui.");
}

TEST(ArticleTextHostile, LayoutMissingFromThePage_FallsBackToTheDensestBlock) {
  const std::string page = "<html><body><div class=story>" + k_paragraphs + "</div></body></html>";
  auto text = article_text(page, "nknews");
  ASSERT_TRUE(text);
  EXPECT_EQ(text->method, "dense-block");
  EXPECT_EQ(text->text.rfind("The ministry said on Monday", 0), 0u);
}

TEST(ArticleTextHostile, ListingOfTeasersOutsideTheArticle_DoesNotWin) {
  std::string teasers;
  for (int i = 0; i < 30; ++i)
    teasers += "<div class=card><p>A teaser paragraph about another story that runs on for a while, number " +
               std::to_string(i) + ".</p></div>";
  const std::string page =
      "<html><body><div class=grid>" + teasers + "</div><article>" + k_paragraphs + "</article></body></html>";
  auto text = article_text(page, "auto");
  ASSERT_TRUE(text);
  EXPECT_EQ(text->text.find("teaser"), std::string::npos) << text->text;
  EXPECT_NE(text->text.find("poor harvest"), std::string::npos);
}

TEST(ArticleTextHostile, BinaryBytes_AreRefused) {
  std::string bytes(4096, '\0');
  EXPECT_FALSE(article_text(bytes, "auto"));
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
