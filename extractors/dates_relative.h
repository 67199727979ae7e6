#pragma once
// Helpers of dates.cpp for the dates that need the fetch time or a site's format.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace newswatch::dates_detail {

/// "+09:00" -> 32400; nullopt when not of the form +HH:MM / -HH:MM.
std::optional<int> offset_seconds(std::string_view offset);
/// `unix_seconds` in the zone `offset` as "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SS+HH:MM".
std::string format_local(std::int64_t unix_seconds, std::string_view offset, bool with_time);
/// "37 min ago", "1 hour ago", "2 days ago", "yesterday", "today", "just now" relative to `now`.
std::optional<std::string> relative_date(std::string_view text, std::int64_t now, std::string_view offset);
/// The latest (month, day) not after `now` in `offset`, as "YYYY-MM-DD"; nullopt for an impossible day.
std::optional<std::string> yearless_date(int month, int day, std::int64_t now, std::string_view offset);
/// `text` read whole by strptime `format` (%Y %m %d %H %M %b ...); a date-time when it has an hour.
std::optional<std::string> formatted_date(std::string_view text, const std::string& format, std::string_view offset);

}  // namespace newswatch::dates_detail
