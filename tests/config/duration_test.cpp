// Durations and byte sizes as the config spells them: one row per case.

#include <gtest/gtest.h>

#include "config/config.h"

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

struct DurationCase {
  const char* text;
  std::optional<long long> seconds;  // nullopt: rejected
};

const DurationCase k_durations[] = {
    {"90s", 90},
    {"10m", 600},
    {"1h", 3600},
    {"1d", 86400},
    {"1h30m", 5400},
    {"1d2h3m4s", 93784},
    {"0s", 0},
    {"0010m", 600},
    {"", std::nullopt},
    {"10", std::nullopt},
    {"-5s", std::nullopt},
    {"+5s", std::nullopt},
    {"10 minutes", std::nullopt},
    {"10 m", std::nullopt},
    {" 10m", std::nullopt},
    {"10m ", std::nullopt},
    {"10S", std::nullopt},
    {"10ms", std::nullopt},
    {"1.5h", std::nullopt},
    {"m", std::nullopt},
    {"1w", std::nullopt},
    {"30m1h", std::nullopt},
    {"1h1h", std::nullopt},
    {"99999999999999999999s", std::nullopt},
    {"999999999999999d", std::nullopt},
    {"9223372036854775807s", 9223372036854775807LL},
};

TEST(Duration, ParsesEachRowOfTheTable) {
  for (const DurationCase& row : k_durations) {
    SCOPED_TRACE(std::string("text='") + row.text + "'");
    const std::optional<Seconds> parsed = parse_duration(row.text);
    if (row.seconds) {
      ASSERT_TRUE(parsed.has_value());
      EXPECT_EQ(parsed->count(), *row.seconds);
    } else {
      EXPECT_FALSE(parsed.has_value()) << "accepted as " << parsed->count() << "s";
    }
  }
}

TEST(Duration, FormatIsReadBackByParse) {
  const std::pair<long long, const char*> rows[] = {{0, "0s"},       {90, "1m30s"}, {600, "10m"},
                                                    {5400, "1h30m"}, {86400, "1d"}, {93784, "1d2h3m4s"}};
  for (const auto& [seconds, text] : rows) {
    EXPECT_EQ(format_duration(Seconds{seconds}), text);
    EXPECT_EQ(parse_duration(text), Seconds{seconds});
  }
}

TEST(ByteSize, ParsesEachRowOfTheTable) {
  const std::pair<const char*, std::optional<std::size_t>> rows[] = {
      {"4096", 4096},
      {"512KB", 512u << 10},
      {"512K", 512u << 10},
      {"512kB", 512u << 10},
      {"8MB", 8u << 20},
      {"8MiB", 8u << 20},
      {"1GB", 1u << 30},
      {"", std::nullopt},
      {"MB", std::nullopt},
      {"8 MB", std::nullopt},
      {"8mb", std::nullopt},
      {"8TB", std::nullopt},
      {"-1", std::nullopt},
      {"99999999999999999999", std::nullopt},
      {"99999999999999GB", std::nullopt},
  };
  for (const auto& [text, bytes] : rows) {
    SCOPED_TRACE(std::string("text='") + text + "'");
    EXPECT_EQ(parse_byte_size(text), bytes);
  }
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
