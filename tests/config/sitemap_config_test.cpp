// The [[site]] keys of extractor "sitemap": defaults, values, ranges (located errors), and a warning
// when they are set on a site whose extractor ignores them.

#include <gtest/gtest.h>

#include "config/config.h"

using namespace newswatch;

namespace {
namespace NEWSWATCH_FILE_ID {

Config load(const std::string& keys, const std::string& extractor = "sitemap") {
  return parse_config(
      "[[site]]\nname = \"wire\"\nurl = \"https://wire.example/news.xml\"\nextractor = \"" + extractor + "\"\n" + keys,
      "t.toml");
}

std::vector<ConfigDiagnostic> sitemap_warnings(const Config& config) {
  std::vector<ConfigDiagnostic> out;
  for (const ConfigDiagnostic& w : config.warnings)
    if (w.message.find("applies only to extractor") != std::string::npos) out.push_back(w);
  return out;
}

std::string error_of(const std::string& keys) {
  try {
    load(keys);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

TEST(SitemapConfig, Defaults_TwoDaysThreeChildrenNoTitleFetches) {
  const SitemapSettings s = load("").sites.at(0).sitemap;
  EXPECT_EQ(s.recent, Seconds{2 * 86400});
  EXPECT_EQ(s.max_children, 3);
  EXPECT_FALSE(s.fetch_titles);
  EXPECT_EQ(s.max_title_fetches, 10);
}

TEST(SitemapConfig, ValuesAreRead_AsWritten) {
  const Config config = load("recent = \"36h\"\nmax_children = 7\nfetch_titles = true\nmax_title_fetches = 20\n");
  const SitemapSettings& s = config.sites.at(0).sitemap;
  EXPECT_EQ(s.recent, Seconds{36 * 3600});
  EXPECT_EQ(s.recent_text, "36h");
  EXPECT_EQ(s.max_children, 7);
  EXPECT_TRUE(s.fetch_titles);
  EXPECT_EQ(s.max_title_fetches, 20);
  EXPECT_TRUE(sitemap_warnings(config).empty());
}

TEST(SitemapConfig, OutOfRange_IsALocatedError) {
  EXPECT_NE(error_of("max_children = 0\n").find("t.toml:5:16: error: "), std::string::npos)
      << error_of("max_children = 0\n");
  EXPECT_NE(error_of("max_children = 51\n").find("max_children"), std::string::npos);
  EXPECT_NE(error_of("max_title_fetches = 101\n").find("max_title_fetches"), std::string::npos);
  EXPECT_NE(error_of("recent = \"31d\"\n").find("recent \"31d\" is out of range (1h..30d)"), std::string::npos)
      << error_of("recent = \"31d\"\n");
  EXPECT_NE(error_of("fetch_titles = \"yes\"\n").find("fetch_titles"), std::string::npos);
}

TEST(SitemapConfig, OnAnotherExtractor_IsALocatedWarningNotAnError) {
  const auto warnings = sitemap_warnings(load("fetch_titles = true\n", "nknews"));
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0].line, 5);
  EXPECT_NE(warnings[0].message.find("'fetch_titles' applies only to extractor = \"sitemap\""), std::string::npos)
      << warnings[0].message;
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
