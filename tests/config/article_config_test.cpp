// The article keys: a site's fetch_articles, article_timeout and max_article_fetches (defaults, values,
// located range errors), and a watch's fetch_articles, which turns fetching on for the sites it covers.

#include <gtest/gtest.h>

#include "config/config.h"

using namespace newswatch;

namespace {
namespace NEWSWATCH_FILE_ID {

const std::string k_sites =
    "[[site]]\nname = \"a\"\nurl = \"https://a.example/\"\n"
    "[[site]]\nname = \"b\"\nurl = \"https://b.example/\"\n";

std::string error_of(const std::string& text) {
  try {
    parse_config(text, "t.toml");
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

std::vector<bool> fetching(const Config& config) {
  std::vector<bool> out;
  for (const SiteConfig& site : config.sites) out.push_back(site.fetch_articles);
  return out;
}

TEST(ArticleConfig, Defaults_OffSixtySecondsTwentyPages) {
  const SiteConfig site = parse_config(k_sites, "t.toml").sites.at(0);
  EXPECT_FALSE(site.fetch_articles);
  EXPECT_EQ(site.article_timeout, Seconds{60});
  EXPECT_EQ(site.max_article_fetches, 20);
}

TEST(ArticleConfig, SiteKeys_AreRead) {
  const Config config = parse_config(
      "[[site]]\nname = \"a\"\nurl = \"https://a.example/\"\nfetch_articles = true\narticle_timeout = \"90s\"\n"
      "max_article_fetches = 5\n",
      "t.toml");
  const SiteConfig& site = config.sites.at(0);
  EXPECT_TRUE(site.fetch_articles);
  EXPECT_EQ(site.article_timeout, Seconds{90});
  EXPECT_EQ(site.max_article_fetches, 5);
}

TEST(ArticleConfig, OutOfRangeOrWrongType_IsALocatedError) {
  const std::string head = "[[site]]\nname = \"a\"\nurl = \"https://a.example/\"\n";
  EXPECT_NE(error_of(head + "max_article_fetches = 0\n").find("t.toml:4:23: error: "), std::string::npos)
      << error_of(head + "max_article_fetches = 0\n");
  EXPECT_NE(error_of(head + "max_article_fetches = 101\n").find("max_article_fetches"), std::string::npos);
  EXPECT_NE(error_of(head + "article_timeout = \"11m\"\n").find("article_timeout \"11m\" is out of range (1s..10m)"),
            std::string::npos)
      << error_of(head + "article_timeout = \"11m\"\n");
  EXPECT_NE(error_of(head + "fetch_articles = \"yes\"\n").find("t.toml:4:"), std::string::npos)
      << error_of(head + "fetch_articles = \"yes\"\n");
}

TEST(ArticleConfig, WatchNamingSites_TurnsFetchingOnForThoseOnly) {
  const Config config = parse_config(
      k_sites + "[[watch]]\nname = \"w\"\nquery = \"x\"\nsites = [\"b\"]\nfetch_articles = true\n", "t.toml");
  EXPECT_EQ(fetching(config), (std::vector<bool>{false, true}));
}

TEST(ArticleConfig, WatchNamingNoSites_TurnsFetchingOnEverywhere_AWatchWithoutTheKeyNowhere) {
  EXPECT_EQ(
      fetching(parse_config(k_sites + "[[watch]]\nname = \"w\"\nquery = \"x\"\nfetch_articles = true\n", "t.toml")),
      (std::vector<bool>{true, true}));
  EXPECT_EQ(fetching(parse_config(k_sites + "[[watch]]\nname = \"w\"\nquery = \"x\"\n", "t.toml")),
            (std::vector<bool>{false, false}));
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
