// Backoff: the delay table after consecutive failures, jitter bounds, cap and Retry-After floor.
#include "crawler/backoff.h"

#include <gtest/gtest.h>

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

struct BaseCase {
  Millis interval;
  int failures;
  Millis max_backoff;
  Millis expected;
};

TEST(Backoff_Base, DoublesPerFailure_UpToTheCap) {
  const BaseCase cases[] = {
      {minutes(10), 0, hours(1), minutes(10)},  // no failure: the interval itself
      {minutes(10), 1, hours(1), minutes(20)},
      {minutes(10), 2, hours(1), minutes(40)},
      {minutes(10), 3, hours(1), hours(1)},   // 80m capped
      {minutes(10), 50, hours(1), hours(1)},  // huge exponent: no overflow
      {minutes(10), 1000000, hours(1), hours(1)},
      {hours(2), 1, hours(1), hours(2)},  // cap below the interval: never faster than healthy
      {seconds(1), 4, hours(1), seconds(16)},
      {minutes(10), -3, hours(1), minutes(10)},  // nonsense failure counts act as none
      {Millis(0), 5, hours(1), Millis(0)},
  };
  for (const BaseCase& c : cases) {
    EXPECT_EQ(backoff_base(c.interval, c.failures, c.max_backoff), c.expected)
        << "interval=" << c.interval.count() << " failures=" << c.failures;
  }
}

TEST(Backoff_Delay, EqualJitter_StaysWithinHalfToFullBase) {
  const double randoms[] = {0.0, 0.25, 0.5, 0.999999, 1.0, -1.0};
  for (int failures = 1; failures <= 8; ++failures) {
    const Millis base = backoff_base(minutes(5), failures, hours(1));
    for (double r : randoms) {
      const Millis d = backoff_delay(minutes(5), failures, hours(1), r);
      EXPECT_GE(d, base / 2) << "failures=" << failures << " r=" << r;
      EXPECT_LE(d, base) << "failures=" << failures << " r=" << r;
    }
  }
  EXPECT_EQ(backoff_delay(minutes(10), 1, hours(1), 0.0), minutes(10));
  EXPECT_EQ(backoff_delay(minutes(10), 1, hours(1), 0.5), minutes(15));
}

struct RetryAfterCase {
  int failures;
  double rand01;
  std::optional<seconds> retry_after;
  Millis expected_min;
  Millis expected_max;
};

TEST(Backoff_Delay, NeverEarlierThanRetryAfter) {
  const RetryAfterCase cases[] = {
      {1, 0.0, seconds(30), minutes(10), minutes(10)},  // backoff already longer than Retry-After
      {1, 0.0, hours(3), hours(3), hours(3)},           // Retry-After longer than the cap wins
      {5, 0.9, hours(2), hours(2), hours(2)},
      {1, 0.0, hours(24 * 365), hours(24), hours(24)},  // absurd Retry-After: clamped to the ceiling
      {1, 0.0, seconds(-5), minutes(10), minutes(10)},  // negative: ignored
      {1, 0.0, std::nullopt, minutes(10), minutes(10)},
  };
  for (const RetryAfterCase& c : cases) {
    const Millis d = backoff_delay(minutes(10), c.failures, hours(1), c.rand01, c.retry_after);
    EXPECT_GE(d, c.expected_min) << "retry_after=" << (c.retry_after ? c.retry_after->count() : -1);
    EXPECT_LE(d, c.expected_max) << "retry_after=" << (c.retry_after ? c.retry_after->count() : -1);
  }
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
