// Every fixture folder tests/fixtures/<extractor>/ holds pages and their
// expected items (<page>.expected.jsonl). A `shared-<name>` expectation is for
// the real page <name>.html beside it (copied from the user's shared fixtures,
// see tests/fixtures/PROVENANCE.md).
// Optional <page>.url gives the page URL; css pages carry <page>.selectors.json; a feed is <page>.xml.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
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

struct Case {
  std::string extractor;
  fs::path html, expected;
  std::string page_url;
  std::optional<SelectorConfig> selectors;
};

std::vector<Case> all_cases() {
  std::vector<Case> cases;
  for (std::string_view name : extractor_names()) {
    fs::path dir = fs::path(NEWSWATCH_TEST_FIXTURES) / std::string(name);
    if (!fs::is_directory(dir)) continue;
    for (const auto& entry : fs::directory_iterator(dir)) {
      std::string file = entry.path().filename().string();
      const std::string suffix = ".expected.jsonl";
      if (file.size() <= suffix.size() || file.substr(file.size() - suffix.size()) != suffix) continue;
      std::string stem = file.substr(0, file.size() - suffix.size());
      Case c{std::string(name), dir / (stem + ".html"), entry.path(), std::string(default_page_url(name)), {}};
      if (stem.rfind("shared-", 0) == 0) c.html = dir / (stem.substr(7) + ".html");
      if (!fs::exists(c.html) && fs::exists(dir / (stem + ".xml"))) c.html = dir / (stem + ".xml");  // feeds
      if (fs::exists(dir / (stem + ".url"))) {
        c.page_url = slurp(dir / (stem + ".url"));
        while (!c.page_url.empty() && isspace(static_cast<unsigned char>(c.page_url.back()))) c.page_url.pop_back();
      }
      if (fs::exists(dir / (stem + ".selectors.json"))) {
        auto j = nlohmann::json::parse(slurp(dir / (stem + ".selectors.json")));
        SelectorConfig s;
        s.item = j.value("item", ""), s.title = j.value("title", ""), s.link = j.value("link", "");
        s.summary = j.value("summary", ""), s.published = j.value("published", "");
        s.authors = j.value("authors", ""), s.tags = j.value("tags", "");
        c.selectors = s;
      }
      cases.push_back(std::move(c));
    }
  }
  std::sort(cases.begin(), cases.end(), [](const Case& a, const Case& b) { return a.expected < b.expected; });
  return cases;
}

std::vector<Item> read_expected(const fs::path& p) {
  std::vector<Item> items;
  std::ifstream in(p);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) items.push_back(item_from_json(nlohmann::ordered_json::parse(line)));
  return items;
}

std::vector<Item> extract_file(const Case& c) {
  auto ex = make_extractor(c.extractor, c.selectors);
  EXPECT_TRUE(ex) << (ex ? "" : ex.error().message);
  if (!ex) return {};
  auto items = (*ex)->extract(slurp(c.html), c.page_url);
  EXPECT_TRUE(items) << (items ? "" : items.error().message);
  return items ? *items : std::vector<Item>{};
}

TEST(ExtractorFixtures, EveryFixtureGivesExactlyItsExpectedItems) {
  auto cases = all_cases();
  ASSERT_GE(cases.size(), 12u);
  for (const Case& c : cases) {
    SCOPED_TRACE(c.expected.string());
    ASSERT_TRUE(fs::exists(c.html)) << c.html;
    std::vector<Item> got = extract_file(c), want = read_expected(c.expected);
    ASSERT_EQ(got.size(), want.size());
    for (size_t i = 0; i < got.size(); ++i) EXPECT_EQ(to_json_line(got[i]), to_json_line(want[i])) << "item " << i;
  }
}

TEST(ExtractorRegistry, EveryRowHasAFixtureFolderWithExpectations) {
  for (std::string_view name : extractor_names()) {
    fs::path dir = fs::path(NEWSWATCH_TEST_FIXTURES) / std::string(name);
    ASSERT_TRUE(fs::is_directory(dir)) << "no fixture folder for extractor " << name;
    bool any = false;
    for (const auto& e : fs::directory_iterator(dir)) any |= e.path().string().ends_with(".expected.jsonl");
    EXPECT_TRUE(any) << "no .expected.jsonl in " << dir;
  }
}

TEST(ExtractorRegistry, UnknownNameAndCssWithoutSelectorsAreConfigErrors) {
  auto unknown = make_extractor("nope");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().kind, ErrorKind::config);
  auto css = make_extractor("css");
  ASSERT_FALSE(css);
  EXPECT_EQ(css.error().kind, ErrorKind::config);
  EXPECT_EQ(default_page_url("nknews"), "https://www.nknews.org/category/news/");
  EXPECT_EQ(default_page_url("css"), "");
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
