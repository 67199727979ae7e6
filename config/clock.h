#pragma once
// Time for the crawl policies. Scheduling, backoff and politeness all reason in
// the *steady* clock: it never jumps when NTP or an admin moves the wall clock,
// and it is the clock boost::asio::steady_timer waits on. Wall-clock time
// (std::chrono::system_clock) appears only at the edge, where a due time is
// stored in or read from the database; to_steady()/to_wall() convert there.
//
// The pure cores (compute_next_due, HostGate, RobotsCache) take `now` as a
// parameter, so tests drive them with plain time values or a FakeClock; the
// Asio wrappers read a Clock that defaults to SystemClock.

#include <chrono>
#include <cstdint>

namespace newswatch {

using SteadyTime = std::chrono::steady_clock::time_point;
using WallTime = std::chrono::system_clock::time_point;
using Millis = std::chrono::milliseconds;

/// A source of the current steady time; injectable so tests can control it.
class Clock {
 public:
  virtual ~Clock() = default;
  /// The current time on the steady clock (or the fake's notion of it).
  virtual SteadyTime now() const = 0;
};

/// The real steady clock.
class SystemClock final : public Clock {
 public:
  SteadyTime now() const override { return std::chrono::steady_clock::now(); }
};

/// A clock that moves only when the test says so; starts at an arbitrary epoch.
class FakeClock final : public Clock {
 public:
  SteadyTime now() const override { return m_now; }
  /// Moves time forward by `d`.
  void advance(std::chrono::steady_clock::duration d) { m_now += d; }
  /// Sets the current time.
  void set(SteadyTime t) { m_now = t; }

 private:
  SteadyTime m_now{std::chrono::hours(1000)};
};

/// The wall-clock time in unix seconds, as the store records it.
inline std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

/// The steady time matching wall time `wall`, given the two clocks read at the same moment.
inline SteadyTime to_steady(WallTime wall, WallTime wall_now, SteadyTime steady_now) {
  return steady_now + std::chrono::duration_cast<std::chrono::steady_clock::duration>(wall - wall_now);
}

/// The wall time matching steady time `steady`, given the two clocks read at the same moment.
inline WallTime to_wall(SteadyTime steady, SteadyTime steady_now, WallTime wall_now) {
  return wall_now + std::chrono::duration_cast<std::chrono::system_clock::duration>(steady - steady_now);
}

}  // namespace newswatch
