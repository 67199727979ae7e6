#include "crawler/backoff.h"

#include <algorithm>

namespace newswatch {

namespace {

// 2^30 intervals exceed any sane cap; stopping there keeps the multiply from overflowing.
constexpr int k_max_exponent = 30;

double clamp01(double r) {
  // A caller's rand01 of exactly 1.0 (or NaN) must not push the delay past its bound.
  if (!(r >= 0.0)) return 0.0;
  return std::min(r, 0.999999999);
}

}  // namespace

Millis backoff_base(Millis interval, int failures, Millis max_backoff) {
  interval = std::max(interval, Millis(0));
  if (failures <= 0) return interval;
  const Millis cap = std::max(max_backoff, interval);
  const int exponent = std::min(failures, k_max_exponent);
  // Compare before multiplying: interval << exponent can overflow for long intervals.
  if (interval.count() > 0 && cap.count() / interval.count() < (Millis::rep{1} << exponent)) return cap;
  return std::min(interval * (Millis::rep{1} << exponent), cap);
}

Millis backoff_delay(Millis interval, int failures, Millis max_backoff, double rand01,
                     std::optional<std::chrono::seconds> retry_after) {
  const Millis base = backoff_base(interval, failures, max_backoff);
  const Millis half = base / 2;
  Millis delay = half + Millis(static_cast<Millis::rep>(static_cast<double>((base - half).count()) * clamp01(rand01)));
  if (retry_after) {
    const Millis floor =
        std::chrono::duration_cast<Millis>(std::clamp(*retry_after, std::chrono::seconds(0), k_retry_after_ceiling));
    delay = std::max(delay, floor);
  }
  return delay;
}

}  // namespace newswatch
