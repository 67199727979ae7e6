// Quiet hours as instants: windows inside and outside, across midnight, in a zone with an offset, and
// on the days daylight saving starts and ends (America/New_York), where a night is 8 or 10 hours long.

#include <chrono>

#include <gtest/gtest.h>

#include "alerts/quiet_hours.h"

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

using namespace std::chrono;

/// Unix seconds of a UTC date and time.
std::int64_t utc(int y, unsigned mo, unsigned d, int h, int mi = 0) {
  sys_seconds t = sys_days{year{y} / month{mo} / day{d}} + hours{h} + minutes{mi};
  return t.time_since_epoch().count();
}

QuietHours quiet(const std::string& text) {
  auto parsed = parse_quiet_hours(text);
  EXPECT_TRUE(parsed) << text;
  return parsed ? *parsed : QuietHours{};
}

struct Case {
  const char* quiet;
  std::int64_t now;
  std::optional<std::pair<std::int64_t, std::int64_t>> span;  // nullopt: outside
};

TEST(QuietHours, WindowsInsideOutsideAndAcrossMidnight) {
  const Case cases[] = {
      // UTC, crossing midnight: 22:00 to 07:00 the next day.
      {"22:00-07:00", utc(2026, 1, 10, 23), std::pair{utc(2026, 1, 10, 22), utc(2026, 1, 11, 7)}},
      {"22:00-07:00", utc(2026, 1, 11, 6, 59), std::pair{utc(2026, 1, 10, 22), utc(2026, 1, 11, 7)}},
      {"22:00-07:00", utc(2026, 1, 11, 7), std::nullopt},  // the end is not inside
      {"22:00-07:00", utc(2026, 1, 11, 12), std::nullopt},
      {"22:00-07:00", utc(2026, 1, 11, 22), std::pair{utc(2026, 1, 11, 22), utc(2026, 1, 12, 7)}},
      // Same day.
      {"09:00-17:30", utc(2026, 1, 11, 12), std::pair{utc(2026, 1, 11, 9), utc(2026, 1, 11, 17, 30)}},
      {"09:00-17:30", utc(2026, 1, 11, 8, 59), std::nullopt},
      // Seoul is UTC+9 all year: 22:00-07:00 KST is 13:00-22:00 UTC.
      {"22:00-07:00 Asia/Seoul", utc(2026, 1, 11, 14), std::pair{utc(2026, 1, 11, 13), utc(2026, 1, 11, 22)}},
      {"22:00-07:00 Asia/Seoul", utc(2026, 1, 11, 12), std::nullopt},
      // New York the night clocks spring forward (2026-03-08 02:00 EST -> 03:00 EDT): 22:00 EST to 07:00 EDT.
      {"22:00-07:00 America/New_York", utc(2026, 3, 8, 5), std::pair{utc(2026, 3, 8, 3), utc(2026, 3, 8, 11)}},
      // ... and fall back (2026-11-01 02:00 EDT -> 01:00 EST): 22:00 EDT to 07:00 EST, ten hours.
      {"22:00-07:00 America/New_York", utc(2026, 11, 1, 11), std::pair{utc(2026, 11, 1, 2), utc(2026, 11, 1, 12)}},
      {"22:00-07:00 America/New_York", utc(2026, 11, 1, 12), std::nullopt},
      // A window ending at 02:30, which does not exist that night: it ends when the clocks show 03:30 EDT.
      {"01:00-02:30 America/New_York", utc(2026, 3, 8, 7, 15), std::pair{utc(2026, 3, 8, 6), utc(2026, 3, 8, 7, 30)}},
  };
  for (const Case& c : cases) {
    auto span = quiet_span_at(quiet(c.quiet), c.now);
    SCOPED_TRACE(std::string(c.quiet) + " at " + std::to_string(c.now));
    ASSERT_EQ(span.has_value(), c.span.has_value());
    if (!span) continue;
    EXPECT_EQ(span->start, c.span->first);
    EXPECT_EQ(span->end, c.span->second);
  }
}

TEST(QuietHours, UnknownZoneIsNamed_KnownZonesPass) {
  auto error = time_zone_error("Asia/Seol");
  ASSERT_TRUE(error);
  EXPECT_NE(error->find("'Asia/Seol'"), std::string::npos) << *error;
  EXPECT_FALSE(time_zone_error("Asia/Seoul"));
  EXPECT_FALSE(time_zone_error("UTC"));
  EXPECT_FALSE(time_zone_error("America/New_York"));
}

TEST(QuietHours, ParsesTheWrittenForm_RefusesOthers) {
  QuietHours q = quiet("22:00-07:00 Asia/Seoul");
  EXPECT_EQ(q.start_minute, 22 * 60);
  EXPECT_EQ(q.end_minute, 7 * 60);
  EXPECT_EQ(q.zone, "Asia/Seoul");
  EXPECT_EQ(quiet("00:30-06:15").zone, "UTC");
  for (const char* bad : {"22-07", "22:00", "24:00-07:00", "22:60-07:00", "7:00-9:00", "22:00-22:00",
                          "22:00-07:00 Asia/Seoul;rm", "22:00–07:00"})
    EXPECT_FALSE(parse_quiet_hours(bad)) << bad;
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
