#pragma once
// Dates as listings print them, to ISO 8601. A page that shows only a date
// gives a date ("2021-06-18"); one that shows a time gives a date-time with
// the site's offset ("2025-08-13T14:42:00+09:00" for JoongAng's KST). Machine
// dates (<time datetime>, article:published_time) pass through normalised.
// Zones are fixed UTC offsets ("+09:00"): a site's `timezone` is resolved to
// one by the config, so there is no DST arithmetic here.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace newswatch {

/// How to read one site's dates.
struct DateOptions {
  std::string utc_offset = "+00:00";  ///< for a printed time without a zone
  std::optional<std::int64_t> now;    ///< the fetch time (unix seconds): "37 min ago", "yesterday", "May, 23"
  std::string format;                 ///< a site's strptime-style `date_format`, tried first; empty = none
};

/// `text` as ISO 8601 by `options`: every shape parse_date below reads, plus
/// "2020/06/16 19:50", "2020.06.16", "June 16th, 2020", "2020년 6월 16일",
/// RFC 822 ("Tue, 16 Jun 2020 19:50:00 +0000"), and with `now`: "37 min ago",
/// "1 hour ago", "yesterday", and a year-less "May, 23" (the latest such day not
/// after `now`). nullopt when none fits.
std::optional<std::string> parse_date(std::string_view text, const DateOptions& options);

/// `text` (the whole string, surrounding spaces allowed) as ISO 8601, or
/// nullopt when it is not one of the known shapes: "June 18, 2021",
/// "Jan. 16, 2025", "March 09, 2025", "2025-08-13", "13 Aug. 2025" (with an
/// optional ", 14:42" which takes `utc_offset`, e.g. "+09:00"), or an ISO
/// date-time ("2019-11-01T03:27:09+00:00", "...Z", "2019-11-01 03:27").
std::optional<std::string> parse_date(std::string_view text, std::string_view utc_offset = "+00:00");

/// The first date inside running text ("By Name, May 29, 2020"), as parse_date
/// would return it; nullopt when the text holds none.
std::optional<std::string> find_date(std::string_view text, std::string_view utc_offset = "+00:00");

}  // namespace newswatch
