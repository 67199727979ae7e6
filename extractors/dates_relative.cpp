// Dates that need the fetch time: "37 min ago", "yesterday", a year-less
// "May, 23" (the latest such day not after the fetch), and a site's own
// strptime-style `date_format`. Times are written in the site's fixed UTC offset.

#include "extractors/dates_relative.h"
#include "config/ascii.h"

#include <ctime>

#include <fmt/format.h>

namespace newswatch::dates_detail {
namespace {

bool is_digit(char c) noexcept {
  return c >= '0' && c <= '9';
}
using ascii::lower;

std::string lower_trimmed(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n"), e = s.find_last_not_of(" \t\r\n");
  std::string out;
  if (b == std::string_view::npos) return out;
  for (char c : s.substr(b, e - b + 1)) out += lower(c);
  return out;
}

std::tm civil(std::int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return tm;
}

// Unit words and their length in seconds; a day or longer gives a date, not a time.
struct Unit {
  std::string_view word;
  std::int64_t seconds;
};
constexpr Unit k_units[] = {{"s", 1},     {"sec", 1},     {"secs", 1},     {"second", 1},    {"seconds", 1},
                            {"m", 60},    {"min", 60},    {"mins", 60},    {"minute", 60},   {"minutes", 60},
                            {"h", 3600},  {"hr", 3600},   {"hrs", 3600},   {"hour", 3600},   {"hours", 3600},
                            {"d", 86400}, {"day", 86400}, {"days", 86400}, {"week", 604800}, {"weeks", 604800}};

}  // namespace

std::optional<int> offset_seconds(std::string_view offset) {
  if (offset.size() != 6 || (offset[0] != '+' && offset[0] != '-') || offset[3] != ':') return std::nullopt;
  for (size_t i : {1u, 2u, 4u, 5u})
    if (!is_digit(offset[i])) return std::nullopt;
  int h = (offset[1] - '0') * 10 + (offset[2] - '0'), m = (offset[4] - '0') * 10 + (offset[5] - '0');
  if (h > 23 || m > 59) return std::nullopt;
  return (offset[0] == '-' ? -1 : 1) * (h * 3600 + m * 60);
}

std::string format_local(std::int64_t unix_seconds, std::string_view offset, bool with_time) {
  std::tm tm = civil(unix_seconds + offset_seconds(offset).value_or(0));
  if (!with_time) return fmt::format("{:04}-{:02}-{:02}", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                     tm.tm_min, tm.tm_sec, offset);
}

std::optional<std::string> relative_date(std::string_view text, std::int64_t now, std::string_view offset) {
  std::string t = lower_trimmed(text);
  if (t == "just now" || t == "now") return format_local(now, offset, true);
  if (t == "today") return format_local(now, offset, false);
  if (t == "yesterday") return format_local(now - 86400, offset, false);
  size_t i = 0;
  std::int64_t count = 0;
  if (t.rfind("an ", 0) == 0 || t.rfind("a ", 0) == 0) {
    count = 1;
    i = t.find(' ') + 1;
  } else {
    while (i < t.size() && is_digit(t[i]) && i < 6) count = count * 10 + (t[i++] - '0');
    if (i == 0) return std::nullopt;
  }
  while (i < t.size() && t[i] == ' ') ++i;
  size_t start = i;
  while (i < t.size() && t[i] >= 'a' && t[i] <= 'z') ++i;
  std::string_view word = std::string_view(t).substr(start, i - start);
  if (t.substr(i) != " ago") return std::nullopt;
  for (const Unit& u : k_units)
    if (u.word == word) return format_local(now - count * u.seconds, offset, u.seconds < 86400);
  return std::nullopt;
}

std::optional<std::string> yearless_date(int month, int day, std::int64_t now, std::string_view offset) {
  static constexpr int k_days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1 || day > k_days[month - 1]) return std::nullopt;
  std::tm today = civil(now + offset_seconds(offset).value_or(0));
  int year = today.tm_year + 1900;
  bool future = month > today.tm_mon + 1 || (month == today.tm_mon + 1 && day > today.tm_mday);
  if (future) --year;
  auto leap = [](int y) { return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0); };
  while (month == 2 && day == 29 && !leap(year)) --year;  // Feb 29: the last leap year
  return fmt::format("{:04}-{:02}-{:02}", year, month, day);
}

std::optional<std::string> formatted_date(std::string_view text, const std::string& format, std::string_view offset) {
  std::string t(text);
  std::tm tm{};
  tm.tm_mday = 1;
  tm.tm_hour = -1;
  const char* end = strptime(t.c_str(), format.c_str(), &tm);
  if (!end) return std::nullopt;
  while (*end == ' ' || *end == '\t') ++end;
  if (*end) return std::nullopt;
  int year = tm.tm_year + 1900;
  if (year < 1900 || year > 2200) return std::nullopt;
  if (tm.tm_hour < 0) return fmt::format("{:04}-{:02}-{:02}", year, tm.tm_mon + 1, tm.tm_mday);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}", year, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                     tm.tm_sec, offset);
}

}  // namespace newswatch::dates_detail
