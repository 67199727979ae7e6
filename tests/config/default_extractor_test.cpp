// A site that names no extractor gets "auto"; a named one is kept as written.

#include <gtest/gtest.h>

#include "config/config.h"

using namespace newswatch;

TEST(ConfigDefaults, SiteWithoutExtractor_GetsAuto_NamedOneKept) {
  Config config = parse_config(
      "[[site]]\nname = \"a\"\nurl = \"https://a.example/\"\n"
      "[[site]]\nname = \"b\"\nurl = \"https://b.example/\"\nextractor = \"nknews\"\n",
      "t.toml", {});
  ASSERT_EQ(config.sites.size(), 2u);
  EXPECT_EQ(config.sites[0].extractor, "auto");
  EXPECT_EQ(config.sites[1].extractor, "nknews");
}
