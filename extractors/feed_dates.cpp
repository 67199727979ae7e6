#include "extractors/feed_dates.h"

#include <fmt/format.h>

#include <vector>

namespace newswatch {
namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool digits(std::string_view s, std::size_t at, std::size_t n, int& out) {
  if (at + n > s.size()) return false;
  out = 0;
  for (std::size_t i = at; i < at + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

}  // namespace

std::optional<std::int64_t> iso_to_unix(std::string_view iso) {
  // "YYYY-MM-DDTHH:MM:SS+HH:MM": exactly the shape parse_date() writes for a date-time.
  int y, mo, d, h, mi, s, oh, om;
  if (iso.size() != 25 || iso[10] != 'T' || (iso[19] != '+' && iso[19] != '-')) return std::nullopt;
  if (!digits(iso, 0, 4, y) || !digits(iso, 5, 2, mo) || !digits(iso, 8, 2, d) || !digits(iso, 11, 2, h) ||
      !digits(iso, 14, 2, mi) || !digits(iso, 17, 2, s) || !digits(iso, 20, 2, oh) || !digits(iso, 23, 2, om))
    return std::nullopt;
  const std::int64_t offset = (iso[19] == '-' ? -1 : 1) * (oh * 3600 + om * 60);
  return days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 + h * 3600 + mi * 60 + s -
         offset;
}

std::string unix_to_iso_utc(std::int64_t t) {
  // civil_from_days, the inverse of days_from_civil.
  std::int64_t days = t / 86400, secs = t % 86400;
  if (secs < 0) secs += 86400, --days;
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}+00:00", y, m, d, secs / 3600, secs / 60 % 60, secs % 60);
}

std::optional<std::string> feed_date(const std::vector<std::string>& candidates, const DateOptions& options,
                                     bool* clamped) {
  for (const std::string& text : candidates) {
    std::optional<std::string> date = parse_date(text, options);
    if (!date) continue;
    if (options.now) {
      const std::optional<std::int64_t> at = iso_to_unix(*date);
      if (at && *at > *options.now + k_future_tolerance_seconds) {
        if (clamped) *clamped = true;
        return unix_to_iso_utc(*options.now);
      }
    }
    return date;
  }
  return std::nullopt;
}

}  // namespace newswatch
