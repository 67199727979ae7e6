#include "extractors/dates.h"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "config/ascii.h"
#include "extractors/dates_relative.h"

namespace newswatch {
namespace {

constexpr std::array<std::string_view, 12> k_months = {"january",   "february", "march",    "april",
                                                       "may",       "june",     "july",     "august",
                                                       "september", "october",  "november", "december"};

bool is_digit(char c) noexcept {
  return c >= '0' && c <= '9';
}
using ascii::is_alpha;
using ascii::lower;

// A cursor over the text; every parse_* returns false and leaves the
// position unspecified on mismatch (callers copy the cursor to backtrack).
struct Cursor {
  std::string_view s;
  size_t i = 0;

  bool end() const noexcept { return i >= s.size(); }
  void spaces() noexcept {
    while (!end() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
  }
  bool lit(char c) noexcept { return !end() && s[i] == c ? (++i, true) : false; }
  // 1..max_digits digits into `value`.
  bool number(int& value, size_t min_digits, size_t max_digits) noexcept {
    size_t start = i;
    value = 0;
    while (!end() && is_digit(s[i]) && i - start < max_digits) value = value * 10 + (s[i++] - '0');
    return i - start >= min_digits && (end() || !is_digit(s[i]));
  }
  // A month name or its 3-letter abbreviation (optionally "Sept"), optional '.'.
  bool month(int& value) noexcept {
    size_t start = i;
    while (!end() && is_alpha(s[i])) ++i;
    std::string_view word = s.substr(start, i - start);
    if (word.size() < 3) return false;
    for (size_t m = 0; m < k_months.size(); ++m) {
      std::string_view name = k_months[m];
      bool full = word.size() == name.size();
      bool abbrev = word.size() == 3 || (m == 8 && word.size() == 4);
      if (!full && !abbrev) continue;
      if (word.size() > name.size()) continue;
      bool same = true;
      for (size_t k = 0; k < word.size() && same; ++k) same = lower(word[k]) == name[k];
      if (same) {
        value = static_cast<int>(m) + 1;
        lit('.');
        return true;
      }
    }
    return false;
  }
};

bool valid_date(int y, int m, int d) noexcept {
  static constexpr int k_days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return y >= 1900 && y <= 2200 && m >= 1 && m <= 12 && d >= 1 && d <= k_days[m - 1] &&
         !(m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)));
}

std::string iso_date(int y, int m, int d) {
  return fmt::format("{:04}-{:02}-{:02}", y, m, d);
}

// An optional " AM"/" pm"/" a.m."/" P.M." (a whole word): 'a' or 'p', else 0 with `c` unchanged.
char am_pm(Cursor& c) noexcept {
  Cursor save = c;
  c.spaces();
  char marker = c.end() ? 0 : lower(c.s[c.i]);
  if ((marker == 'a' || marker == 'p') && (++c.i, c.lit('.'), !c.end() && lower(c.s[c.i]) == 'm')) {
    ++c.i;
    c.lit('.');
    if (c.end() || !is_alpha(c.s[c.i])) return marker;
  }
  c = save;
  return 0;
}

// "HH:MM[:SS]" with an optional am/pm after a date; appends "THH:MM:SS<offset>" to `out`.
bool parse_time(Cursor& c, std::string& out, std::string_view offset) {
  int h = 0, mi = 0, sec = 0;
  if (!c.number(h, 1, 2) || !c.lit(':') || !c.number(mi, 2, 2)) return false;
  Cursor save = c;
  if (!(c.lit(':') && c.number(sec, 2, 2))) c = save, sec = 0;
  if (char marker = am_pm(c)) {
    if (h > 12) return false;
    h = h % 12 + (marker == 'p' ? 12 : 0);  // 12 AM is 00, 12 PM is 12
  }
  if (h > 23 || mi > 59 || sec > 60) return false;
  out += fmt::format("T{:02}:{:02}:{:02}", h, mi, sec);
  out += offset;
  return true;
}

// Real zones run from -12:00 to +14:00; an offset outside ("+2500", "-1960") is a feed's mistake,
// clamped to the nearest real one rather than moving the time by a day.
std::string clamped_offset(char sign, int h, int m) {
  int minutes = std::min(h * 60 + m, sign == '-' ? 12 * 60 : 14 * 60);
  return fmt::format("{}{:02}:{:02}", sign, minutes / 60, minutes % 60);
}

// "+09:00", "+0900", "Z" -> "+09:00"/"+00:00"; empty string when absent.
std::string parse_offset(Cursor& c) {
  if (c.lit('Z') || c.lit('z')) return "+00:00";
  Cursor save = c;
  char sign = c.end() ? 0 : c.s[c.i];
  int h = 0, m = 0;
  auto two = [&](int& v) {
    if (c.i + 2 > c.s.size() || !is_digit(c.s[c.i]) || !is_digit(c.s[c.i + 1])) return false;
    v = (c.s[c.i] - '0') * 10 + (c.s[c.i + 1] - '0');
    c.i += 2;
    return true;
  };
  if ((c.lit('+') || c.lit('-')) && two(h)) {
    c.lit(':');
    if (two(m) && (c.end() || !is_digit(c.s[c.i]))) return clamped_offset(sign, h, m);
  }
  c = save;
  return {};
}

// "2025-08-13" with an optional time and offset.
std::optional<std::string> iso_form(Cursor& c, std::string_view offset) {
  int y = 0, m = 0, d = 0;
  if (!c.number(y, 4, 4) || !c.lit('-') || !c.number(m, 2, 2) || !c.lit('-') || !c.number(d, 2, 2)) return {};
  if (!valid_date(y, m, d)) return {};
  std::string out = iso_date(y, m, d);
  Cursor save = c;
  if (c.lit('T') || c.lit(' ')) {
    Cursor time_start = c;
    std::string time;
    if (parse_time(c, time, "")) {
      // Fractional seconds are dropped: minute precision is all a listing has.
      if (c.lit('.'))
        while (!c.end() && is_digit(c.s[c.i])) ++c.i;
      std::string off = parse_offset(c);
      return out + time + (off.empty() ? std::string(offset) : off);
    }
    c = time_start;
  }
  c = save;
  return out;
}

// Zone names feeds write (RFC 822's North American ones, and common Asian and European ones).
struct ZoneName {
  std::string_view name;
  std::string_view offset;
};
constexpr ZoneName k_zone_names[] = {
    {"GMT", "+00:00"},  {"UTC", "+00:00"},  {"UT", "+00:00"},   {"WET", "+00:00"},  {"BST", "+01:00"},
    {"CET", "+01:00"},  {"CEST", "+02:00"}, {"EET", "+02:00"},  {"EEST", "+03:00"}, {"MSK", "+03:00"},
    {"IST", "+05:30"},  {"HKT", "+08:00"},  {"SGT", "+08:00"},  {"KST", "+09:00"},  {"JST", "+09:00"},
    {"AEST", "+10:00"}, {"AEDT", "+11:00"}, {"NZST", "+12:00"}, {"NZDT", "+13:00"}, {"EST", "-05:00"},
    {"EDT", "-04:00"},  {"CST", "-06:00"},  {"CDT", "-05:00"},  {"MST", "-07:00"},  {"MDT", "-06:00"},
    {"PST", "-08:00"},  {"PDT", "-07:00"},  {"AKST", "-09:00"}, {"AKDT", "-08:00"}, {"HST", "-10:00"},
};

// After "GMT"/"UTC": "+9", "+09", "+0900", "+09:00"; empty when absent.
std::string name_offset(Cursor& c) {
  Cursor save = c;
  if (c.end() || (c.s[c.i] != '+' && c.s[c.i] != '-')) return {};
  if (std::string off = parse_offset(c); !off.empty()) return off;
  char sign = c.s[c.i++];
  int h = 0, m = 0;
  if (c.number(h, 1, 2)) {
    Cursor minutes = c;
    if (!(c.lit(':') && c.number(m, 2, 2))) c = minutes, m = 0;
    return clamped_offset(sign, h, m);
  }
  c = save;
  return {};
}

// An RFC 822 zone after a time: " +0000", " GMT", " EST", " KST", " GMT+9", " UTC-05:00", " Z",
// or a military letter (RFC 2822 reads those as unknown, i.e. UTC); empty when absent.
std::string parse_zone(Cursor& c) {
  Cursor save = c;
  c.spaces();
  if (std::string off = parse_offset(c); !off.empty()) return off;
  std::size_t start = c.i;
  while (!c.end() && is_alpha(c.s[c.i])) ++c.i;
  std::string word;
  for (char ch : c.s.substr(start, c.i - start)) word += static_cast<char>(ch >= 'a' && ch <= 'z' ? ch - 32 : ch);
  for (const ZoneName& zone : k_zone_names) {
    if (word != zone.name) continue;
    if (zone.offset == "+00:00")
      if (std::string off = name_offset(c); !off.empty()) return off;
    return std::string(zone.offset);
  }
  // A lone letter counts only at the end of the text: in running text it is a word ("10:00 A new ...").
  Cursor rest = c;
  rest.spaces();
  if (word.size() == 1 && word != "J" && rest.end()) return "+00:00";
  c = save;
  return {};
}

// The date, extended with ", HH:MM" (and an RFC 822 zone) when a time follows, as a date-time.
std::string with_optional_time(Cursor& c, std::string date, std::string_view offset) {
  Cursor save = c;
  c.lit(',');
  c.spaces();
  std::string time;
  if (!parse_time(c, time, "")) {
    c = save;
    return date;
  }
  std::string zone = parse_zone(c);
  return date + time + (zone.empty() ? std::string(offset) : zone);
}

// "2020/06/16 19:50", "2020.06.16": year first with '/' or '.'.
std::optional<std::string> numeric_form(Cursor& c, std::string_view offset) {
  int y = 0, m = 0, d = 0;
  if (!c.number(y, 4, 4) || c.end() || (c.s[c.i] != '/' && c.s[c.i] != '.')) return {};
  char sep = c.s[c.i++];
  if (!c.number(m, 1, 2) || !c.lit(sep) || !c.number(d, 1, 2) || !valid_date(y, m, d)) return {};
  c.lit('.');
  return with_optional_time(c, iso_date(y, m, d), offset);
}

// "2020년 6월 16일" with an optional " 19:50".
std::optional<std::string> korean_form(Cursor& c, std::string_view offset) {
  int y = 0, m = 0, d = 0;
  auto word = [&](int& v, size_t min, size_t max, std::string_view unit) {
    c.spaces();
    if (!c.number(v, min, max)) return false;
    c.spaces();
    if (c.s.substr(c.i, unit.size()) != unit) return false;
    c.i += unit.size();
    return true;
  };
  if (!word(y, 4, 4, "년") || !word(m, 1, 2, "월") || !word(d, 1, 2, "일") || !valid_date(y, m, d)) return {};
  return with_optional_time(c, iso_date(y, m, d), offset);
}

// "Tue, 16 Jun 2020 19:50:00 +0000": a weekday, then a day-first date.
std::optional<std::string> day_first(Cursor& c, std::string_view offset);
std::optional<std::string> rfc822_form(Cursor& c, std::string_view offset) {
  static constexpr std::string_view k_days[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  size_t start = c.i;
  while (!c.end() && is_alpha(c.s[c.i])) ++c.i;
  if (c.i - start < 3) return {};
  bool weekday = false;
  for (std::string_view day : k_days)
    weekday =
        weekday || (lower(c.s[start]) == day[0] && lower(c.s[start + 1]) == day[1] && lower(c.s[start + 2]) == day[2]);
  if (!weekday || !c.lit(',')) return {};
  c.spaces();
  return day_first(c, offset);
}

// An optional "st", "nd", "rd" or "th" after a day number.
void ordinal(Cursor& c) noexcept {
  if (c.i + 2 > c.s.size()) return;
  std::string_view two = c.s.substr(c.i, 2);
  if ((two == "st" || two == "nd" || two == "rd" || two == "th") && (c.i + 2 == c.s.size() || !is_alpha(c.s[c.i + 2])))
    c.i += 2;
}

// "June 18, 2021", "Jan. 16, 2025", "Sept 3 2024", "June 16th, 2020".
std::optional<std::string> month_first(Cursor& c, std::string_view offset) {
  int y = 0, m = 0, d = 0;
  if (!c.month(m)) return {};
  c.spaces();
  if (!c.number(d, 1, 2)) return {};
  ordinal(c);
  c.lit(',');
  c.spaces();
  if (!c.number(y, 4, 4) || !valid_date(y, m, d)) return {};
  return with_optional_time(c, iso_date(y, m, d), offset);
}

// "13 Aug. 2025, 14:42".
std::optional<std::string> day_first(Cursor& c, std::string_view offset) {
  int y = 0, m = 0, d = 0;
  if (!c.number(d, 1, 2)) return {};
  ordinal(c);
  c.spaces();
  if (!c.month(m)) return {};
  c.lit(',');
  c.spaces();
  if (!c.number(y, 4, 4) || !valid_date(y, m, d)) return {};
  return with_optional_time(c, iso_date(y, m, d), offset);
}

std::optional<std::string> parse_at(Cursor& c, std::string_view offset) {
  for (auto form : {iso_form, numeric_form, korean_form, month_first, day_first, rfc822_form}) {
    Cursor attempt = c;
    if (auto out = form(attempt, offset)) {
      c = attempt;
      return out;
    }
  }
  return {};
}

}  // namespace

std::optional<std::string> parse_date(std::string_view text, std::string_view utc_offset) {
  Cursor c{text};
  c.spaces();
  auto out = parse_at(c, utc_offset);
  c.spaces();
  if (!out || !c.end()) return {};
  return out;
}

std::optional<std::string> parse_date(std::string_view text, const DateOptions& options) {
  if (!options.format.empty())
    if (auto out = dates_detail::formatted_date(text, options.format, options.utc_offset)) return out;
  if (auto out = parse_date(text, options.utc_offset)) return out;
  if (!options.now) return {};
  if (auto out = dates_detail::relative_date(text, *options.now, options.utc_offset)) return out;
  Cursor c{text};  // "May, 23", "May 23": no year
  c.spaces();
  int m = 0, d = 0;
  if (!c.month(m)) return {};
  c.lit(',');
  c.spaces();
  if (!c.number(d, 1, 2)) return {};
  ordinal(c);
  c.spaces();
  if (!c.end()) return {};
  return dates_detail::yearless_date(m, d, *options.now, options.utc_offset);
}

std::optional<std::string> find_date(std::string_view text, std::string_view utc_offset) {
  for (size_t i = 0; i < text.size(); ++i) {
    // A date starts a word: a letter or digit after a non-alphanumeric.
    if (!is_alpha(text[i]) && !is_digit(text[i])) continue;
    if (i > 0 && (is_alpha(text[i - 1]) || is_digit(text[i - 1]))) continue;
    Cursor c{text, i};
    if (auto out = parse_at(c, utc_offset)) return out;
  }
  return {};
}

}  // namespace newswatch
