// The seeds are the user's own text copies of the target pages: whatever a
// seed shows (every headline, author and date) must come out of the hand-made
// fixture built from it. Independent of the expected files.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "extractors/extractor.h"
#include "tests/support/files.h"

namespace fs = std::filesystem;
using namespace newswatch;

namespace {
namespace NEWSWATCH_FILE_ID {

std::string slurp(const fs::path& p) {
  return newswatch::test::read_file(p);
}

std::vector<std::string> seed_lines(const char* name) {
  std::ifstream in(fs::path(NEWSWATCH_TEST_FIXTURES) / "seeds" / name);
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) {
    // Seeds keep the page's trailing spaces, some of them no-break (U+00A0).
    for (;;) {
      if (!line.empty() && isspace(static_cast<unsigned char>(line.back())))
        line.pop_back();
      else if (line.ends_with("\xC2\xA0"))
        line.resize(line.size() - 2);
      else
        break;
    }
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

std::vector<Item> extract(const char* extractor, const char* fixture) {
  auto ex = make_extractor(extractor);
  auto items =
      (*ex)->extract(slurp(fs::path(NEWSWATCH_TEST_FIXTURES) / extractor / fixture), default_page_url(extractor));
  EXPECT_TRUE(items);
  return items ? *items : std::vector<Item>{};
}

const Item* by_title(const std::vector<Item>& items, const std::string& title) {
  for (const Item& i : items)
    if (i.title == title) return &i;
  return nullptr;
}

// Seed bylines "A | B Month D, YYYY": every author and the date must be on the item titled just before.
void expect_bylines(const char* seed, const char* fixture, size_t want_items) {
  auto items = extract("nknews", fixture);
  EXPECT_EQ(items.size(), want_items);
  static const std::regex k_byline(
      R"(^(.+) ((January|February|March|April|May|June|July|August|September|October|November|December) \d{1,2}, \d{4})$)");
  std::string last_title;
  size_t bylines = 0;
  for (const std::string& line : seed_lines(seed)) {
    std::smatch m;
    if (by_title(items, line)) {
      last_title = line;
      continue;
    }
    if (!std::regex_match(line, m, k_byline) || last_title.empty()) continue;
    const Item* item = by_title(items, last_title);
    ASSERT_NE(item, nullptr) << last_title;
    std::string names = m[1];
    for (size_t start = 0;;) {
      size_t bar = names.find(" | ", start);
      std::string name = names.substr(start, bar == std::string::npos ? std::string::npos : bar - start);
      EXPECT_NE(std::find(item->authors.begin(), item->authors.end(), name), item->authors.end())
          << name << " on " << last_title;
      if (bar == std::string::npos) break;
      start = bar + 3;
    }
    ASSERT_TRUE(item->published) << last_title;
    EXPECT_EQ(item->published->substr(0, 4), std::string(m[2]).substr(std::string(m[2]).size() - 4));
    ++bylines;
  }
  EXPECT_GE(bylines, want_items - 1);
}

TEST(Seeds, MenafnListing_ReproducesAllTwentyHeadlinesAndExcerpts) {
  auto items = extract("menafn", "press-releases.html");
  auto lines = seed_lines("000_4053878c6d025a15.txt");
  ASSERT_EQ(items.size(), 20u);
  for (size_t k = 2, n = 0; k + 1 < lines.size(); k += 2, ++n) {
    EXPECT_EQ(items[n].title, lines[k]);
    EXPECT_EQ(items[n].summary, lines[k + 1]);
    EXPECT_EQ(items[n].summary.rfind("(MENAFN)", 0), 0u);
  }
}

TEST(Seeds, NkNews2021Listings_ReproduceEveryTitleAuthorAndDate) {
  expect_bylines("001_c0ab7e46467bd59c.txt", "listing-2021-06-news.html", 10);
  expect_bylines("003_c18655516dc09091.txt", "listing-2021-07-foreign-relations.html", 10);
  expect_bylines("002_9c73c722e4775ced.txt", "listing-2021-01-latest.html", 10);
}

TEST(Seeds, NkNews2021Listing_TagsProItemAndIgnoresHeaderDate) {
  auto items = extract("nknews", "listing-2021-06-news.html");
  const Item* pro = by_title(items, "Poster of nuke attack on US still on display slips past North Korean censors");
  ASSERT_NE(pro, nullptr);
  EXPECT_EQ(pro->tags, std::vector<std::string>{"NK PRO"});
  for (const Item& i : items) EXPECT_NE(i.published.value_or(""), "2024-07-26") << i.title;
  EXPECT_EQ(items[0].url, "https://www.nknews.org/2021/06/kim-closes-party-meeting-with-plea-for-loyalty/");
}

TEST(Seeds, JoongAngArticle_GivesArticleWithKstTimeAndEveryListedHeadline) {
  auto items = extract("joongang", "article-2025-08-13-kim-putin-phone.html");
  ASSERT_FALSE(items.empty());
  EXPECT_EQ(items[0].title, "North Korea's Kim voices 'full support' for Russia in phone talks with Putin");
  EXPECT_EQ(items[0].published, "2025-08-13T14:42:00+09:00");
  auto lines = seed_lines("004_96783d945c5aee5b.txt");
  auto more = std::find(lines.begin(), lines.end(), "More in North Korea");
  auto end = std::find(lines.begin(), lines.end(), "Log in to Twitter or Facebook account to connect");
  ASSERT_NE(more, lines.end());
  std::set<std::string> urls;
  for (auto it = more + 1; it != end; ++it) {
    if (*it == "Related Stories") continue;
    EXPECT_NE(by_title(items, *it), nullptr) << *it;
  }
  for (const Item& i : items) EXPECT_TRUE(urls.insert(i.url).second) << "duplicate " << i.url;
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
