// A watch's `quiet` and `priority` keys: read into WatchConfig, and each mistake a located error naming
// what is wrong (the zone by name, through the validator the service passes in).

#include <gtest/gtest.h>

#include "config/config.h"

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

#define WATCH "[[watch]]\nname = \"w\"\nquery = \"kim\"\n"

ConfigValidators zones_known_to_test() {
  ConfigValidators validators;
  validators.time_zone = [](std::string_view zone) -> std::optional<std::string> {
    if (zone == "UTC" || zone == "Asia/Seoul") return std::nullopt;
    return "unknown time zone '" + std::string(zone) + "'";
  };
  return validators;
}

std::string error_of(const std::string& toml) {
  try {
    parse_config(toml, "t.toml", zones_known_to_test());
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

TEST(QuietConfig, QuietAndPriorityAreRead) {
  Config config =
      parse_config(WATCH "quiet = \"22:00-07:00 Asia/Seoul\"\npriority = \"high\"\n", "t.toml", zones_known_to_test());
  ASSERT_EQ(config.watches.size(), 1u);
  const WatchConfig& watch = config.watches.front();
  ASSERT_TRUE(watch.quiet);
  EXPECT_EQ(watch.quiet->start_minute, 22 * 60);
  EXPECT_EQ(watch.quiet->end_minute, 7 * 60);
  EXPECT_EQ(watch.quiet->zone, "Asia/Seoul");
  EXPECT_TRUE(watch.high_priority);
  Config plain = parse_config(WATCH, "t.toml", zones_known_to_test());
  EXPECT_FALSE(plain.watches.front().quiet);
  EXPECT_FALSE(plain.watches.front().high_priority);
  EXPECT_EQ(parse_config(WATCH "quiet = \"01:00-05:00\"\n", "t.toml").watches.front().quiet->zone, "UTC");
}

TEST(QuietConfig, MistakesAreLocatedErrors) {
  const std::pair<const char*, const char*> rows[] = {
      {WATCH "quiet = \"22:00-07:00 Asia/Seol\"\n", "t.toml:4:9: error: unknown time zone 'Asia/Seol'"},
      {WATCH "quiet = \"25:00-07:00\"\n", "t.toml:4:9: error: 'quiet' must be \"HH:MM-HH:MM\""},
      {WATCH "quiet = \"07:00-07:00\"\n", "t.toml:4:9: error: 'quiet' window \"07:00-07:00\" is empty"},
      {WATCH "quiet = 22\n", "t.toml:4:9: error: 'quiet' must be a string, got integer"},
      {WATCH "priority = \"urgent\"\n",
       "t.toml:4:12: error: 'priority' must be \"high\" or \"normal\", got \"urgent\""},
  };
  for (const auto& [toml, expected] : rows)
    EXPECT_NE(error_of(toml).find(expected), std::string::npos) << error_of(toml);
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
