// interval = "auto" in the config: bounds with their defaults, min <= max, and
// the bounds refused on a fixed interval; every problem is a located error.
#include <gtest/gtest.h>

#include "config/config.h"

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

// Lines 1-4 of a config with one valid site; the keys under test start on line 5.
#define SITE "[[site]]\nname = \"a\"\nurl = \"https://a.example/\"\nextractor = \"nknews\"\n"

TEST(AutoIntervalConfig, AutoWithoutBounds_TakesDefaults_AndStartsAtMin) {
  const Config config = parse_config(SITE "interval = \"auto\"\n", "t.toml");
  const SiteConfig& site = config.sites.at(0);
  EXPECT_TRUE(site.auto_interval);
  EXPECT_EQ(site.min_interval, Seconds{300});
  EXPECT_EQ(site.max_interval, Seconds{86400});
  EXPECT_EQ(site.interval, site.min_interval);
  EXPECT_EQ(site.interval_text, "auto");
}

TEST(AutoIntervalConfig, AutoWithBounds_KeepsThemAsWritten) {
  const Config config =
      parse_config(SITE "interval = \"auto\"\nmin_interval = \"90s\"\nmax_interval = \"6h\"\njitter = \"30s\"\n", "t");
  const SiteConfig& site = config.sites.at(0);
  EXPECT_EQ(site.min_interval, Seconds{90});
  EXPECT_EQ(site.max_interval, Seconds{6 * 3600});
  EXPECT_EQ(site.min_interval_text, "90s");
  EXPECT_EQ(site.max_interval_text, "6h");
}

TEST(AutoIntervalConfig, FixedIntervalsWorkUnchanged) {
  const SiteConfig site = parse_config(SITE "interval = \"15m\"\n", "t").sites.at(0);
  EXPECT_FALSE(site.auto_interval);
  EXPECT_EQ(site.interval, Seconds{900});
}

struct Bad {
  const char* toml;
  const char* expected;  // the whole of ConfigError::what()
};

TEST(AutoIntervalConfig, BadBoundsAreLocatedErrors) {
  const Bad rows[] = {
      {SITE "interval = \"auto\"\nmin_interval = \"2h\"\nmax_interval = \"1h\"\n",
       "t.toml:6:16: error: 'min_interval' (2h) must not exceed 'max_interval' (1h)"},
      {SITE "interval = \"auto\"\nmin_interval = \"2d\"\n",
       "t.toml:6:16: error: 'min_interval' (2d) must not exceed 'max_interval' (1d)"},
      {SITE "interval = \"auto\"\nmax_interval = \"1m\"\n",
       "t.toml:6:16: error: 'min_interval' (5m) must not exceed 'max_interval' (1m)"},
      {SITE "interval = \"auto\"\nmin_interval = \"5s\"\n",
       "t.toml:6:16: error: min_interval \"5s\" is out of range (10s..30d)"},
      {SITE "interval = \"auto\"\nmax_interval = \"31d\"\n",
       "t.toml:6:16: error: max_interval \"31d\" is out of range (10s..30d)"},
      {SITE "interval = \"10m\"\nmax_interval = \"1h\"\n",
       "t.toml:6:16: error: 'max_interval' applies only to interval = \"auto\""},
      {SITE "min_interval = \"1m\"\n", "t.toml:5:16: error: 'min_interval' applies only to interval = \"auto\""},
      {SITE "interval = \"auto\"\njitter = \"5m\"\n",
       "t.toml:6:10: error: 'jitter' (5m) must be less than 'min_interval' (5m)"},
      {SITE "interval = \"automatic\"\n",
       "t.toml:5:12: error: bad duration 'automatic' (use e.g. \"90s\", \"10m\", \"1h\", \"1d\")"},
  };
  for (const Bad& row : rows) {
    SCOPED_TRACE(row.toml);
    try {
      parse_config(row.toml, "t.toml");
      ADD_FAILURE() << "accepted";
    } catch (const ConfigError& error) {
      EXPECT_STREQ(error.what(), row.expected);
    }
  }
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
