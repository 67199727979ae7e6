#include "crawler/freshness.h"
#include "config/ascii.h"

#include <algorithm>
#include <cctype>
#include <string>

namespace newswatch {
namespace {

// A year: more than any cap, small enough that adding it to a clock never overflows.
constexpr std::int64_t k_saturated = 365LL * 86400;

using ascii::trim;

using ascii::lower;

// delta-seconds: digits only (a quoted form is tolerated, as RFC 9111 asks); nullopt otherwise.
std::optional<std::int64_t> delta_seconds(std::string_view text) {
  text = trim(text);
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"') text = text.substr(1, text.size() - 2);
  if (text.empty()) return std::nullopt;
  std::int64_t value = 0;
  for (char c : text) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    value = std::min(value * 10 + (c - '0'), k_saturated);
  }
  return value;
}

}  // namespace

std::optional<Seconds> fresh_for(std::string_view cache_control, std::string_view age) {
  std::optional<std::int64_t> max_age;
  while (!cache_control.empty()) {
    const std::size_t comma = cache_control.find(',');
    const std::string_view directive = trim(cache_control.substr(0, comma));
    cache_control = comma == std::string_view::npos ? std::string_view() : cache_control.substr(comma + 1);
    const std::size_t equals = directive.find('=');
    const std::string name = lower(trim(directive.substr(0, equals)));
    // no-cache="Set-Cookie" only qualifies one header; plain no-cache means "ask every time".
    if (name == "no-store" || (name == "no-cache" && equals == std::string_view::npos)) return std::nullopt;
    // The first max-age counts (RFC 9111 4.2.1): a later one cannot stretch it.
    if (name == "max-age" && !max_age && equals != std::string_view::npos)
      max_age = delta_seconds(directive.substr(equals + 1));
  }
  if (!max_age) return std::nullopt;
  const std::int64_t held = delta_seconds(age).value_or(0);
  return Seconds{std::max<std::int64_t>(*max_age - held, 0)};
}

std::optional<Seconds> fresh_for_site(const SiteConfig& site, std::string_view cache_control, std::string_view age) {
  const std::optional<Seconds> fresh = fresh_for(cache_control, age);
  if (!fresh) return std::nullopt;
  return std::min(*fresh, site.auto_interval ? site.max_interval : k_max_age_ceiling);
}

}  // namespace newswatch
