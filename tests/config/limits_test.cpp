// Every duration and size key has a range (config/limits.h); a value outside
// it is a located error. One row per case, then a walk over the limits table
// itself so a new row is tested at both ends without writing a test.

#include <gtest/gtest.h>

#include <fmt/format.h>

#include "config/config.h"
#include "config/limits.h"

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

// Lines 1-4 of a config with one valid site; line 5 is the key under test.
#define SITE "[[site]]\nname = \"a\"\nurl = \"https://a.example/\"\nextractor = \"nknews\"\n"
// Lines 1-6: a valid email notifier; line 7 is the key under test.
#define EMAIL                                                                                                   \
  "[[notify]]\nname = \"m\"\ntype = \"email\"\nsmtp_url = \"smtp://mail.example:587\"\nfrom = \"nw@example\"\n" \
  "to = [\"a@example\"]\n"

struct OutOfRange {
  const char* toml;
  const char* expected;  // the whole of ConfigError::what()
};

const OutOfRange k_out_of_range[] = {
    {SITE "interval = \"1000000d\"\n", "t.toml:5:12: error: interval \"1000000d\" is out of range (10s..30d)"},
    {SITE "interval = \"5s\"\n", "t.toml:5:12: error: interval \"5s\" is out of range (10s..30d)"},
    {SITE "interval = \"30d1s\"\n", "t.toml:5:12: error: interval \"30d1s\" is out of range (10s..30d)"},
    {SITE "interval = \"30d\"\njitter = \"1d1s\"\n", "t.toml:6:10: error: jitter \"1d1s\" is out of range (0s..1d)"},
    {"[service]\nper_host_delay = \"2h\"\n", "t.toml:2:18: error: per_host_delay \"2h\" is out of range (0s..1h)"},
    {"[service]\nconnect_timeout = \"0s\"\n", "t.toml:2:19: error: connect_timeout \"0s\" is out of range (1s..10m)"},
    {"[service]\nrequest_timeout = \"1h\"\n", "t.toml:2:19: error: request_timeout \"1h\" is out of range (1s..10m)"},
    {"[service]\nmax_backoff = \"8d\"\n", "t.toml:2:15: error: max_backoff \"8d\" is out of range (1s..7d)"},
    {EMAIL "digest = \"30d\"\n", "t.toml:7:10: error: digest \"30d\" is out of range (0s..7d)"},
    {"[service]\nmax_body_size = \"2GB\"\n", "t.toml:2:17: error: max_body_size \"2GB\" is out of range (1KB..1GB)"},
    {"[service]\nmax_body_size = 10\n", "t.toml:2:17: error: max_body_size 10 is out of range (1KB..1GB)"},
    {"[service]\nmax_body_size = -1\n", "t.toml:2:17: error: max_body_size -1 is out of range (1KB..1GB)"},
    {"[service]\nkeep = \"12h\"\n", "t.toml:2:8: error: keep \"12h\" is out of range (1d..3650d)"},
    {SITE "max_items = 0\n", "t.toml:5:13: error: 'max_items' must be between 1 and 10000, got 0"},
    {SITE "max_items = 100000\n", "t.toml:5:13: error: 'max_items' must be between 1 and 10000, got 100000"},
};

TEST(ConfigLimits, ValueOutsideItsRangeIsALocatedError) {
  for (const OutOfRange& row : k_out_of_range) {
    SCOPED_TRACE(row.toml);
    try {
      parse_config(row.toml, "t.toml");
      ADD_FAILURE() << "accepted";
    } catch (const ConfigError& error) {
      EXPECT_STREQ(error.what(), row.expected);
    }
  }
}

TEST(ConfigLimits, ValuesAtBothEndsOfTheRangeAreAccepted) {
  const char* rows[] = {
      SITE "interval = \"10s\"\n",
      SITE "interval = \"30d\"\njitter = \"1d\"\n",
      "[service]\nper_host_delay = \"0s\"\nconnect_timeout = \"10m\"\nrequest_timeout = \"1s\"\nmax_backoff = \"7d\"\n",
      "[service]\nmax_body_size = \"1KB\"\n",
      "[service]\nmax_body_size = 1073741824\n",
      EMAIL "digest = \"7d\"\n",
  };
  for (const char* row : rows) {
    SCOPED_TRACE(row);
    EXPECT_NO_THROW(parse_config(row, "t.toml"));
  }
}

// A config setting `key` of `section` to `value` on its last line, and that line's number.
std::pair<std::string, int> config_with(std::string_view section, std::string_view key, const std::string& value) {
  if (section == "site") {
    // jitter must also stay below interval: give it the longest interval.
    if (key == "jitter") return {fmt::format(SITE "interval = \"30d\"\n{} = {}\n", key, value), 6};
    // The bounds of interval = "auto": the other bound set wide open, so min <= max holds at both ends.
    if (key == "min_interval")
      return {fmt::format(SITE "interval = \"auto\"\nmax_interval = \"30d\"\n{} = {}\n", key, value), 7};
    if (key == "max_interval")
      return {fmt::format(SITE "interval = \"auto\"\nmin_interval = \"10s\"\n{} = {}\n", key, value), 7};
    return {fmt::format(SITE "{} = {}\n", key, value), 5};
  }
  if (section == "notify") return {fmt::format(EMAIL "{} = {}\n", key, value), 7};
  return {fmt::format("[{}]\n{} = {}\n", section, key, value), 2};
}

TEST(ConfigLimits, EveryDurationInTheTableIsEnforcedAtBothEnds) {
  for (const DurationLimit& limit : k_duration_limits) {
    SCOPED_TRACE(std::string(limit.key));
    const std::string range = fmt::format("({}..{})", format_duration(limit.min), format_duration(limit.max));
    for (Seconds ok : {limit.min, limit.max}) {
      EXPECT_NO_THROW(parse_config(config_with(limit.section, limit.key, '"' + format_duration(ok) + '"').first, "t"));
    }
    std::vector<Seconds> bad = {limit.max + Seconds{1}};
    if (limit.min > Seconds{0}) bad.push_back(limit.min - Seconds{1});
    for (Seconds value : bad) {
      const std::string text = format_duration(value);
      const auto [toml, line] = config_with(limit.section, limit.key, '"' + text + '"');
      try {
        parse_config(toml, "t");
        ADD_FAILURE() << text << " accepted";
      } catch (const ConfigError& error) {
        const std::string expected = fmt::format("t:{}:{}: error: {} \"{}\" is out of range {}", line,
                                                 limit.key.size() + 4, limit.key, text, range);
        EXPECT_EQ(error.what(), expected);
      }
    }
  }
}

TEST(ConfigLimits, EverySizeInTheTableIsEnforcedAtBothEnds) {
  for (const SizeLimit& limit : k_size_limits) {
    SCOPED_TRACE(std::string(limit.key));
    for (std::size_t ok : {limit.min, limit.max}) {
      EXPECT_NO_THROW(parse_config(config_with(limit.section, limit.key, std::to_string(ok)).first, "t"));
    }
    for (std::size_t value : {limit.min - 1, limit.max + 1}) {
      const auto [toml, line] = config_with(limit.section, limit.key, std::to_string(value));
      try {
        parse_config(toml, "t");
        ADD_FAILURE() << value << " accepted";
      } catch (const ConfigError& error) {
        EXPECT_EQ(error.what(),
                  fmt::format("t:{}:{}: error: {} {} is out of range ({}..{})", line, limit.key.size() + 4, limit.key,
                              value, format_byte_size(limit.min), format_byte_size(limit.max)));
      }
    }
  }
}

TEST(ConfigLimits, FormatByteSizeUsesTheLargestExactUnit) {
  const std::pair<std::size_t, const char*> rows[] = {{0, "0B"},           {1000, "1000B"},   {1024, "1KB"},
                                                      {1536, "1536B"},     {8u << 20, "8MB"}, {1u << 30, "1GB"},
                                                      {3u << 29, "1536MB"}};
  for (const auto& [bytes, text] : rows) {
    EXPECT_EQ(format_byte_size(bytes), text);
    EXPECT_EQ(parse_byte_size(text), bytes);
  }
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
