#pragma once
// Dates as listings print them, to ISO 8601. A page that shows only a date
// gives a date ("2021-06-18"); one that shows a time gives a date-time with
// the site's offset ("2025-08-13T14:42:00+09:00" for JoongAng's KST). Machine
// dates (<time datetime>, article:published_time) pass through normalised.

#include <optional>
#include <string>
#include <string_view>

namespace newswatch {

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
