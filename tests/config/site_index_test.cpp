// Config::find_site through the name index built at load: the right site of *this* Config, after copies and
// moves too, and still right for a Config built or extended by hand.

#include <string>
#include <utility>

#include <gtest/gtest.h>

#include "config/config.h"

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

SiteConfig site(std::string name, std::string url = "https://hand.example/") {
  SiteConfig site;
  site.name = std::move(name);
  site.url = std::move(url);
  return site;
}

Config three_sites() {
  return parse_config(
      "[[site]]\nname = \"alpha\"\nurl = \"https://a.example/\"\n"
      "[[site]]\nname = \"alphabet\"\nurl = \"https://b.example/\"\n"
      "[[site]]\nname = \"site.3\"\nurl = \"https://c.example/\"\n",
      "t.toml");
}

TEST(SiteIndex, LoadedConfig_IsIndexed_AndFindsEachSiteInPlace_AndNoOther) {
  const Config config = three_sites();
  EXPECT_EQ(config.site_index.covers, 3u) << "parse_config builds the index, so lookups do not scan";
  EXPECT_EQ(config.site_index.positions.size(), 3u);
  EXPECT_EQ(config.find_site("alpha"), &config.sites[0]);
  EXPECT_EQ(config.find_site("alphabet"), &config.sites[1]);
  EXPECT_EQ(config.find_site("site.3"), &config.sites[2]);
  EXPECT_EQ(config.find_site("alph"), nullptr);
  EXPECT_EQ(config.find_site("Alpha"), nullptr);
  EXPECT_EQ(config.find_site(""), nullptr);
}

TEST(SiteIndex, CopiedOrMovedConfig_FindsItsOwnSites_NotTheOriginals) {
  const Config original = three_sites();
  Config copy = original;
  EXPECT_EQ(copy.find_site("alphabet"), &copy.sites[1]);
  EXPECT_NE(copy.find_site("alphabet"), original.find_site("alphabet"));

  Config assigned;
  assigned = copy;
  EXPECT_EQ(assigned.find_site("site.3"), &assigned.sites[2]);

  const Config moved = std::move(copy);
  EXPECT_EQ(moved.find_site("alpha"), &moved.sites[0]);
  EXPECT_EQ(moved.find_site("nope"), nullptr);
}

TEST(SiteIndex, ConfigBuiltOrExtendedByHand_StillFindsEverySite) {
  Config by_hand;
  by_hand.sites.push_back(site("one"));
  by_hand.sites.push_back(site("two"));
  EXPECT_EQ(by_hand.find_site("two"), &by_hand.sites[1]);
  EXPECT_EQ(by_hand.find_site("three"), nullptr);

  Config extended = three_sites();
  extended.sites.push_back(site("later"));
  EXPECT_EQ(extended.find_site("later"), &extended.sites[3]) << "an index that no longer covers the sites is not used";
  EXPECT_EQ(extended.find_site("alpha"), &extended.sites[0]);
  extended.index_sites();
  EXPECT_EQ(extended.site_index.covers, 4u);
  EXPECT_EQ(extended.find_site("later"), &extended.sites[3]);
}

TEST(SiteIndex, SameNameTwiceByHand_FirstWins_AsInAScan) {
  Config config;
  config.sites.push_back(site("dup", "https://first.example/"));
  config.sites.push_back(site("dup", "https://second.example/"));
  const SiteConfig* scanned = config.find_site("dup");
  config.index_sites();
  EXPECT_EQ(config.find_site("dup"), scanned);
  EXPECT_EQ(config.find_site("dup"), &config.sites[0]);
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
