// DESIGN.md's example watch over the user's own seed listing (North Korea
// Journal, tests/fixtures/seeds/000_*.txt): every headline/summary pair is matched and
// the hits must be exactly the stories a reader would want for that watch.

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "alerts/query.h"

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

struct SeedItem {
  std::string title;
  std::string summary;
};

/// Title lines each followed by a "(MENAFN) ..." summary line.
std::vector<SeedItem> read_seed_items() {
  std::vector<SeedItem> items;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(NEWSWATCH_TEST_FIXTURES) + "/seeds")) {
    if (!entry.path().filename().string().starts_with("000_")) continue;
    std::ifstream in(entry.path());
    std::string previous, line;
    while (std::getline(in, line)) {
      if (line.starts_with("(MENAFN)") && !previous.empty()) items.push_back({previous, line});
      if (!line.empty()) previous = line;
    }
  }
  return items;
}

TEST(SeedMatch, DesignExampleWatch_MatchesTheRussiaStoriesOnly) {
  const Aliases aliases = {{"North Korea", {"DPRK", "N. Korea", "N-Korea", "North Korean", "Pyongyang"}},
                           {"Kim Jong Un", {"Kim Jong-un", "Kim Jong Un"}}};
  auto query = Query::parse("\"North Korea\" AND (Russia OR Kursk) NOT podcast", aliases);
  ASSERT_TRUE(query.has_value()) << query.error().message;
  auto items = read_seed_items();
  ASSERT_GE(items.size(), 20u) << "seed listing not found or not parsed";

  std::vector<std::string> hits;
  for (const auto& item : items) {
    if (query->match(item.title, item.summary)) hits.push_back(item.title);
  }
  EXPECT_EQ(hits, (std::vector<std::string>{
                      "Kremlin declares Russia would assist in defending N-Korea",
                      "Moscow praises N-Korean \u2018solidarity\u2019 in Kursk Area liberation",
                      "Russia Praises North Korea for Role in Kursk",
                      "Russia Commends North Korean Soldiers for Key Role in Kursk Victory",
                      "Russia, North Korea unveil border bridge construction project",
                  }));
}

TEST(SeedMatch, KimJongUnAlias_FindsTheMausoleumStories) {
  const Aliases aliases = {{"Kim Jong Un", {"Kim Jong-un", "Kim Jong Un"}}};
  auto query = Query::parse("\"Kim Jong Un\"", aliases);
  ASSERT_TRUE(query.has_value());
  std::vector<std::string> hits;
  for (const auto& item : read_seed_items()) {
    if (query->match(item.title, item.summary)) hits.push_back(item.title);
  }
  EXPECT_EQ(hits, (std::vector<std::string>{
                      "N. Korea\u2019s President Misses Grandfather's Birth Anniversary Visit for Third Consecutive "
                      "Year",
                      "North Korea President Misses Grandfather\u2019s Memorial Visit",
                      "North Korean President Urges For Strengthening Special Operations Forces",
                  }));
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
