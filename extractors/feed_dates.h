#pragma once
// Dates of feed entries. parse_date() (dates.h) reads the text: RFC 822 with
// numeric or named zones, ISO 8601, a zone-less time in the site's offset.
// A feed's clock is then held to the fetch: a time more than a few minutes
// after the fetch is a zone error (a local time labelled GMT, "EST" meaning
// KST), and an item must never sit hours in the future at the top of a
// reader's list, so such a time becomes the fetch time and is counted.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "extractors/dates.h"

namespace newswatch {

/// How far past the fetch time a published time may be before it is clamped (clock skew).
inline constexpr std::int64_t k_future_tolerance_seconds = 5 * 60;

/// The first of `candidates` that parses, as ISO 8601; a date-time later than options.now plus
/// the tolerance becomes options.now (in UTC) and sets `*clamped`. nullopt when none parses.
std::optional<std::string> feed_date(const std::vector<std::string>& candidates, const DateOptions& options,
                                     bool* clamped);

/// Unix seconds of an ISO 8601 date-time with offset as parse_date() writes it ("2025-08-13T14:42:00+09:00");
/// nullopt for a date alone or another shape.
std::optional<std::int64_t> iso_to_unix(std::string_view iso);

/// `unix_seconds` as "YYYY-MM-DDTHH:MM:SS+00:00".
std::string unix_to_iso_utc(std::int64_t unix_seconds);

}  // namespace newswatch
