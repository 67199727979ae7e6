#include "alerts/quiet_hours.h"

#include <memory>

#include <fmt/format.h>
#include <unicode/basictz.h>
#include <unicode/timezone.h>

namespace newswatch {
namespace {

constexpr std::int64_t k_day = 24 * 60 * 60;

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

/// The zone, or nullptr when ICU does not know the name (it answers with its "Etc/Unknown" zone).
std::unique_ptr<icu::BasicTimeZone> load_zone(std::string_view name) {
  std::unique_ptr<icu::TimeZone> zone(
      icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(icu::StringPiece(name.data(), name.size()))));
  if (!zone || *zone == icu::TimeZone::getUnknown()) return nullptr;
  auto* basic = dynamic_cast<icu::BasicTimeZone*>(zone.get());  // every zone ICU creates from its data is one
  if (!basic) return nullptr;
  zone.release();
  return std::unique_ptr<icu::BasicTimeZone>(basic);
}

/// The local day number (days since 1970-01-01 in the zone) at unix second `utc`.
std::int64_t local_day(const icu::BasicTimeZone& zone, std::int64_t utc) {
  int32_t raw = 0, dst = 0;
  UErrorCode status = U_ZERO_ERROR;
  zone.getOffset(static_cast<UDate>(utc) * 1000.0, false, raw, dst, status);
  if (U_FAILURE(status)) raw = dst = 0;
  return floor_div(utc + (raw + dst) / 1000, k_day);
}

/// The unix second at which the zone's clocks show `local` (seconds since the local epoch); a time in a
/// spring-forward gap maps past the gap, one shown twice maps to its first occurrence.
std::int64_t to_utc(const icu::BasicTimeZone& zone, std::int64_t local) {
  int32_t raw = 0, dst = 0;
  UErrorCode status = U_ZERO_ERROR;
  zone.getOffsetFromLocal(static_cast<UDate>(local) * 1000.0, UCAL_TZ_LOCAL_FORMER, UCAL_TZ_LOCAL_FORMER, raw, dst,
                          status);
  if (U_FAILURE(status)) raw = dst = 0;
  return local - (raw + dst) / 1000;
}

}  // namespace

std::optional<std::string> time_zone_error(std::string_view zone) {
  if (load_zone(zone)) return std::nullopt;
  return fmt::format("unknown time zone '{}' in 'quiet' (write an IANA name such as Asia/Seoul or UTC)", zone);
}

std::optional<QuietSpan> quiet_span_at(const QuietHours& quiet, std::int64_t now) {
  auto zone = load_zone(quiet.zone);
  if (!zone) return std::nullopt;
  const bool crosses_midnight = quiet.end_minute <= quiet.start_minute;
  const std::int64_t today = local_day(*zone, now);
  // Tonight's window, or last night's when it crosses midnight and has not ended yet.
  for (std::int64_t day : {today - 1, today}) {
    QuietSpan span;
    span.start = to_utc(*zone, day * k_day + quiet.start_minute * 60);
    span.end = to_utc(*zone, (day + (crosses_midnight ? 1 : 0)) * k_day + quiet.end_minute * 60);
    if (span.start <= now && now < span.end) return span;
  }
  return std::nullopt;
}

}  // namespace newswatch
