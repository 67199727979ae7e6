// The auto extractor measured on real pages of sites it was not developed on
// (tests/fixtures/listings/, see its PROVENANCE.md): precision of article links
// (a found link is right when it is in `articles` or `optional`), recall over
// `articles` (the main listing), and exact-title accuracy over the found
// required articles. Then auto beside the built-in extractors on their own
// listing fixtures. The floors are what the heuristics achieved without being
// tuned to these pages, rounded down; the table is printed for the note.

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "extractors/extractor.h"
#include "extractors/url.h"
#include "tests/support/files.h"

namespace fs = std::filesystem;
using namespace newswatch;

namespace {
namespace NEWSWATCH_FILE_ID {

struct Score {
  std::size_t found = 0, correct = 0, required = 0, recalled = 0, titles_exact = 0;
  void add(const Score& o) {
    found += o.found, correct += o.correct, required += o.required, recalled += o.recalled;
    titles_exact += o.titles_exact;
  }
  double precision() const { return found ? double(correct) / double(found) : 1.0; }
  double recall() const { return required ? double(recalled) / double(required) : 1.0; }
  double title_accuracy() const { return recalled ? double(titles_exact) / double(recalled) : 1.0; }
};

std::string key_of(const std::string& url) {
  return canonical_url(url).value_or(url);
}

std::vector<Item> run(std::string_view extractor, const std::string& html, const std::string& page_url) {
  auto ex = make_extractor(extractor);
  EXPECT_TRUE(ex);
  auto items = (*ex)->extract(html, page_url);
  EXPECT_TRUE(items) << (items ? "" : items.error().message);
  return items ? *items : std::vector<Item>{};
}

Score score_page(const std::vector<Item>& got, const nlohmann::json& expected) {
  std::map<std::string, std::string> required;  // key -> title
  std::set<std::string> allowed;
  for (const auto& a : expected["articles"]) {
    required[key_of(a["url"])] = a["title"];
    allowed.insert(key_of(a["url"]));
  }
  for (const auto& a : expected["optional"]) allowed.insert(key_of(a["url"]));
  Score s;
  s.required = required.size();
  for (const Item& item : got) {
    std::string key = key_of(item.url);
    ++s.found;
    s.correct += allowed.count(key);
    if (auto it = required.find(key); it != required.end()) {
      ++s.recalled;
      s.titles_exact += item.title == it->second;
    }
  }
  return s;
}

void print_row(const std::string& name, const Score& s) {
  std::printf("%-28s found %3zu  correct %3zu  precision %.2f  recall %2zu/%-2zu %.2f  exact titles %2zu/%-2zu %.2f\n",
              name.c_str(), s.found, s.correct, s.precision(), s.recalled, s.required, s.recall(), s.titles_exact,
              s.recalled, s.title_accuracy());
}

TEST(AutoListings, RealPagesOfOtherSites_PrecisionRecallAndTitlesAboveFloors) {
  fs::path dir = test::fixture_path("listings");
  Score total;
  std::size_t pages = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    std::string file = entry.path().filename().string();
    if (!file.ends_with(".expected.json")) continue;
    auto expected = nlohmann::json::parse(test::read_file(entry.path()));
    fs::path html = dir / (file.substr(0, file.size() - std::string(".expected.json").size()) + ".html");
    std::vector<Item> got = run("auto", test::read_file(html), expected["page_url"]);
    Score s = score_page(got, expected);
    print_row(html.filename().string(), s);
    for (const Item& item : got)
      if (score_page({item}, expected).correct == 0)
        std::printf("    not expected: %s  \"%s\"\n", item.url.c_str(), item.title.c_str());
    RecordProperty(html.stem().string() + "_recall", std::to_string(s.recall()));
    EXPECT_GE(s.recall(), 0.5) << html;  // no page may lose most of its listing
    total.add(s);
    ++pages;
  }
  print_row("ALL (micro)", total);
  RecordProperty("precision", std::to_string(total.precision()));
  RecordProperty("recall", std::to_string(total.recall()));
  RecordProperty("exact_titles", std::to_string(total.title_accuracy()));
  ASSERT_GE(pages, 4u);
  EXPECT_GE(total.precision(), 0.9);
  EXPECT_GE(total.recall(), 0.8);
  EXPECT_GE(total.title_accuracy(), 0.8);
}

TEST(AutoListings, BuiltInSiteListings_AutoFindsTheBuiltInExtractorsItems) {
  struct Page {
    std::string extractor, file, page_url;
  };
  const std::vector<Page> pages = {
      {"nknews", "nknews/listing-2021-01-latest.html", "https://www.nknews.org/latest/"},
      {"nknews", "nknews/listing-2021-06-news.html", "https://www.nknews.org/category/news/"},
      {"nknews", "nknews/listing-2021-07-foreign-relations.html", "https://www.nknews.org/category/foreign-relations/"},
      {"nknews", "nknews/homepage-2020-05-29.html", "https://www.nknews.org/"},
      {"menafn", "menafn/press-releases.html", "https://menafn.com/"},
      {"joongang", "joongang/section-north-korea.html", "https://koreajoongangdaily.joins.com/section/northKorea"},
  };
  Score total;
  for (const Page& p : pages) {
    std::string html = test::read_file(test::fixture_path(p.file));
    std::vector<Item> builtin = run(p.extractor, html, p.page_url), got = run("auto", html, p.page_url);
    nlohmann::json expected = {{"articles", nlohmann::json::array()}, {"optional", nlohmann::json::array()}};
    for (const Item& item : builtin) expected["articles"].push_back({{"url", item.url}, {"title", item.title}});
    Score s = score_page(got, expected);
    print_row(p.file, s);
    total.add(s);
  }
  print_row("ALL built-in pages", total);
  EXPECT_GE(total.recall(), 0.8);
  EXPECT_GE(total.precision(), 0.8);
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
