#pragma once
// How long a server says its answer stays fresh (RFC 9111): Cache-Control
// max-age, less the Age a cache in between has already held it. A crawl before
// then would get the same bytes, so the next crawl of a site waits at least
// that long, whether its interval is fixed or auto. The server may not park a
// site forever: the wait is capped at max_interval for an auto site and at
// k_max_age_ceiling otherwise. `no-cache` and `no-store` mean "ask every time"
// and set no wait; s-maxage is for shared caches, which we are not. Failures
// never get here: a 429/503 speaks through Retry-After (crawler/backoff.h).

#include <chrono>
#include <optional>
#include <string_view>

#include "config/clock.h"
#include "config/config.h"

namespace newswatch {

/// The longest max-age honoured for a site with a fixed interval.
inline constexpr Seconds k_max_age_ceiling{86400};

/// Seconds the answer stays fresh: the first max-age minus Age (never below 0); nullopt when the header
/// gives no usable max-age or says no-cache / no-store. Malformed directives are ignored, huge values saturate.
std::optional<Seconds> fresh_for(std::string_view cache_control, std::string_view age);

/// fresh_for() capped for `site`: at max_interval when auto, else at k_max_age_ceiling.
std::optional<Seconds> fresh_for_site(const SiteConfig& site, std::string_view cache_control, std::string_view age);

}  // namespace newswatch
