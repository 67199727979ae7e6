// Main-text extraction (extractors/article_text.h), measured on the real NK News article snapshots and the
// hand-made JoongAng article against hand-checked bodies (tests/fixtures/articles/README.md says how each was
// checked): token-level recall (how much of the true body was extracted) and precision (how much of what was
// extracted is the true body), each asserted above a threshold. The generic path (JSON-LD, then the densest
// block) is measured on the same pages with no site layout, since most configured sites have none.

#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <string>

#include "extractors/article_text.h"
#include "tests/support/files.h"

using namespace newswatch;
using newswatch::test::fixture_path;
using newswatch::test::read_file;

namespace {
namespace NEWSWATCH_FILE_ID {

/// Lower-case word tokens (ASCII letters and digits; any non-ASCII byte is part of a word), with counts.
std::map<std::string, int> tokens(const std::string& text) {
  std::map<std::string, int> out;
  std::string word;
  auto flush = [&] {
    if (!word.empty()) ++out[word];
    word.clear();
  };
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || u >= 0x80)
      word += static_cast<char>(std::tolower(u));
    else
      flush();
  }
  flush();
  return out;
}

struct Score {
  double recall = 0, precision = 0;
};

/// Token-level recall and precision of `got` against `truth` (multisets: a word twice counts twice).
Score score(const std::string& truth, const std::string& got) {
  auto expected = tokens(truth), extracted = tokens(got);
  int common = 0, n_expected = 0, n_extracted = 0;
  for (auto& [word, n] : expected) {
    n_expected += n;
    auto it = extracted.find(word);
    if (it != extracted.end()) common += std::min(n, it->second);
  }
  for (auto& [word, n] : extracted) n_extracted += n;
  return {n_expected ? double(common) / n_expected : 0, n_extracted ? double(common) / n_extracted : 0};
}

struct Case {
  const char* page;      ///< under tests/fixtures
  const char* expected;  ///< under tests/fixtures/articles
  const char* extractor;
  const char* method;  ///< how the text must have been found
  double min_recall, min_precision;
};

// The thresholds sit a little under what was measured (printed by the test), so a regression shows.
constexpr Case k_cases[] = {
    {"nknews/article-2019-10-russia-fake-news.snap-2019-11-06.html", "nknews-2019-10-russia-fake-news.expected.txt",
     "nknews", "layout", 0.99, 0.95},
    {"nknews/article-2019-10-russia-fake-news.snap-2019-11-07.html", "nknews-2019-10-russia-fake-news.expected.txt",
     "nknews", "layout", 0.99, 0.95},
    {"nknews/article-2019-10-russia-fake-news.snap-2019-11-25.html", "nknews-2019-10-russia-fake-news.expected.txt",
     "nknews", "layout", 0.99, 0.95},
    {"joongang/article-2025-08-13-kim-putin-phone.html", "joongang-2025-08-13-kim-putin-phone.expected.txt", "joongang",
     "layout", 0.99, 0.99},
    // No layout: the generic path on the same pages.
    {"nknews/article-2019-10-russia-fake-news.snap-2019-11-06.html", "nknews-2019-10-russia-fake-news.expected.txt",
     "auto", "dense-block", 0.99, 0.95},
    {"nknews/article-2019-10-russia-fake-news.snap-2019-11-25.html", "nknews-2019-10-russia-fake-news.expected.txt",
     "auto", "dense-block", 0.99, 0.95},
    {"joongang/article-2025-08-13-kim-putin-phone.html", "joongang-2025-08-13-kim-putin-phone.expected.txt", "auto",
     "dense-block", 0.99, 0.99},
};

TEST(ArticleText, RealArticlePages_RecallAndPrecisionAgainstHandCheckedBodies) {
  for (const Case& c : k_cases) {
    SCOPED_TRACE(std::string(c.page) + " as " + c.extractor);
    const std::string truth = read_file(fixture_path(std::string("articles/") + c.expected));
    auto text = article_text(read_file(fixture_path(c.page)), c.extractor);
    ASSERT_TRUE(text) << text.error().message;
    EXPECT_EQ(text->method, c.method);
    const Score s = score(truth, text->text);
    std::printf("article_text %-62s %-8s %-11s recall %.3f precision %.3f\n", c.page, c.extractor,
                std::string(text->method).c_str(), s.recall, s.precision);
    EXPECT_GE(s.recall, c.min_recall) << text->text;
    EXPECT_GE(s.precision, c.min_precision) << text->text;
  }
}

TEST(ArticleText, NkNews_ParagraphsAreSeparatedByBlankLines_AndTheRelatedStripIsLeftOut) {
  auto text =
      article_text(read_file(fixture_path("nknews/article-2019-10-russia-fake-news.snap-2019-11-06.html")), "nknews");
  ASSERT_TRUE(text);
  EXPECT_EQ(
      text->text.rfind("This week a delegation from Russia\u2019s RT news service spent three days in Pyongyang", 0),
      0u);
  EXPECT_NE(text->text.find("Alexander Matsegora.\n\nThe meeting comes weeks after"), std::string::npos);
  EXPECT_EQ(text->text.find("nearing limitations"), std::string::npos);     // a Related Articles headline
  EXPECT_EQ(text->text.find("Trending"), std::string::npos);                // the sidebar
  EXPECT_EQ(text->text.find("Photo: Russian Embassy"), std::string::npos);  // a caption
  EXPECT_EQ(text->text.find("Read More"), std::string::npos);
}

TEST(ArticleText, JoongAng_TextBetweenBrTags_WithoutCaptionOrRelatedBox) {
  auto text = article_text(read_file(fixture_path("joongang/article-2025-08-13-kim-putin-phone.html")), "joongang");
  ASSERT_TRUE(text);
  EXPECT_EQ(text->text, read_file(fixture_path("articles/joongang-2025-08-13-kim-putin-phone.expected.txt"))
                            .substr(0, text->text.size()));
  EXPECT_EQ(text->text.find("RODONG SINMUN"), std::string::npos);
  EXPECT_EQ(text->text.find("strategy session"), std::string::npos);  // the inline Related Article box
  EXPECT_EQ(text->text.find("Yonhap"), std::string::npos);
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
