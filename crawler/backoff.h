#pragma once
// Exponential backoff for a site (or any retried action) after consecutive failures.
//
// The base delay is interval-based: interval * 2^failures, capped at
// max(max_backoff, interval) so a failing site is never retried *more* often
// than a healthy one. "Equal jitter" then picks the delay uniformly in
// [base/2, base]: at least half the backoff is always kept (a flapping site
// cannot hammer the host) while retries of many sites failing together (a
// shared CDN outage) spread out. A server's Retry-After is a floor: the delay
// is never shorter than it, except that absurd values are clamped to
// k_retry_after_ceiling so one bad header cannot park a site for years.
//
// Everything here is pure: the random value is a parameter in [0, 1).

#include <chrono>
#include <optional>

#include "config/clock.h"

namespace newswatch {

/// The longest Retry-After honoured; larger values are treated as this.
inline constexpr std::chrono::seconds k_retry_after_ceiling = std::chrono::hours(24);

/// The undithered backoff: min(interval * 2^failures, max(max_backoff, interval)); interval when failures <= 0.
Millis backoff_base(Millis interval, int failures, Millis max_backoff);

/// The delay before the next attempt after `failures` consecutive failures: equal jitter over
/// backoff_base() driven by `rand01` in [0, 1), never shorter than `retry_after` (clamped to the ceiling).
Millis backoff_delay(Millis interval, int failures, Millis max_backoff, double rand01,
                     std::optional<std::chrono::seconds> retry_after = std::nullopt);

}  // namespace newswatch
