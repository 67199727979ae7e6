#pragma once
// Quiet hours: the daily window of a watch (`quiet = "22:00-07:00 Asia/Seoul"`, config/config.h
// QuietHours) turned into instants. The window is local wall-clock time in an IANA zone, read from
// ICU's time zone data (GCC 12's libstdc++ has no std::chrono tzdb, and switching glibc's TZ is not
// thread-safe), so daylight saving is honoured: a window starting at a local time that does not exist
// that day (in a spring-forward gap) starts when the clocks have gone forward; a local time that occurs
// twice (autumn) means its first occurrence. A start later than the end crosses midnight.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "config/config.h"

namespace newswatch {

/// One night's window as unix seconds, [start, end).
struct QuietSpan {
  std::int64_t start = 0;
  std::int64_t end = 0;
};

/// Why `zone` is not a time zone ICU knows ("unknown time zone 'Asia/Seol'"), or nullopt.
std::optional<std::string> time_zone_error(std::string_view zone);

/// The window of `quiet` that contains `now` (unix seconds), or nullopt when `now` is outside every window
/// (or the zone is unknown).
std::optional<QuietSpan> quiet_span_at(const QuietHours& quiet, std::int64_t now);

}  // namespace newswatch
