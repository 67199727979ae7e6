// A watch's quiet hours and priority. `quiet = "22:00-07:00 Asia/Seoul"` is a daily window, written as
// local wall-clock times in a zone (UTC when none is named); a start after its end crosses midnight.
// Whether an alert falls inside it is decided where alerts are sent (alerts/quiet_hours.h); here the
// text is only read and checked, the zone's existence through ConfigValidators::time_zone (ICU knows
// the zones; config/ does not link it).

#include <algorithm>

#include <fmt/format.h>

#include "config/config_sections.h"

namespace newswatch {
namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

/// "HH:MM" (00:00..23:59, two digits each) -> minutes after midnight.
std::optional<int> parse_clock(std::string_view text) {
  if (text.size() != 5 || text[2] != ':') return std::nullopt;
  for (std::size_t i : {0, 1, 3, 4})
    if (!is_digit(text[i])) return std::nullopt;
  int hours = (text[0] - '0') * 10 + (text[1] - '0');
  int minutes = (text[3] - '0') * 10 + (text[4] - '0');
  if (hours > 23 || minutes > 59) return std::nullopt;
  return hours * 60 + minutes;
}

/// An IANA name's shape: "UTC", "Asia/Seoul", "America/Argentina/Buenos_Aires", "Etc/GMT+9".
bool zone_shaped(std::string_view zone) {
  if (zone.empty() || zone.size() > 64) return false;
  for (char c : zone)
    if (!(is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '/' || c == '_' || c == '-' ||
          c == '+'))
      return false;
  return true;
}

}  // namespace

Result<QuietHours> parse_quiet_hours(std::string_view text) {
  const std::string shape = fmt::format(
      "'quiet' must be \"HH:MM-HH:MM\" with an optional time zone, e.g. "
      "\"22:00-07:00 Asia/Seoul\", got \"{}\"",
      text);
  std::string_view window = text;
  std::string_view zone = "UTC";
  if (auto space = text.find(' '); space != std::string_view::npos) {
    window = text.substr(0, space);
    zone = text.substr(space + 1);
    zone.remove_prefix(std::min(zone.find_first_not_of(' '), zone.size()));
  }
  auto dash = window.find('-');
  if (dash == std::string_view::npos) return fail(ErrorKind::config, shape);
  auto start = parse_clock(window.substr(0, dash));
  auto end = parse_clock(window.substr(dash + 1));
  if (!start || !end) return fail(ErrorKind::config, shape);
  if (*start == *end)
    return fail(ErrorKind::config,
                fmt::format("'quiet' window \"{}\" is empty: its start and end are the same time", window));
  if (!zone_shaped(zone))
    return fail(ErrorKind::config, fmt::format("'quiet' names no time zone: \"{}\" (write an IANA name such as "
                                               "Asia/Seoul, or leave it out for UTC)",
                                               zone));
  return QuietHours{*start, *end, std::string(zone), std::string(text)};
}

namespace config_detail {

void read_watch_quiet(TableReader& reader, WatchConfig& watch, const ConfigValidators& validators) {
  if (auto priority = reader.string("priority")) {
    if (*priority == "high")
      watch.high_priority = true;
    else if (*priority != "normal")
      reader.error("priority", fmt::format("'priority' must be \"high\" or \"normal\", got \"{}\"", *priority));
  }
  auto text = reader.string("quiet");
  if (!text) return;
  auto quiet = parse_quiet_hours(*text);
  if (!quiet) return reader.error("quiet", quiet.error().message);
  if (validators.time_zone) {
    if (auto problem = validators.time_zone(quiet->zone)) return reader.error("quiet", *problem);
  }
  watch.quiet = std::move(*quiet);
}

}  // namespace config_detail
}  // namespace newswatch
