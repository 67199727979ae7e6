#pragma once
// Per-host politeness, beneath the scheduler (as in Scrapy): a fetch may start
// only when
//   (a) fewer than `concurrency` fetches are in flight over all hosts,
//   (b) no other fetch to the same host is in flight, and
//   (c) the host's next slot has come: per_host_delay (or the host's robots.txt
//       Crawl-delay, whichever is longer) after the previous request to it
//       *started*, pushed later by a Retry-After from a 429/503.
// Waiters are served first come, first served, but a waiter blocked on its own
// host never holds up a waiter for another host (no head-of-line blocking).
//
// HostGate (crawler/host_gate.h) is the pure core: it takes `now` as a parameter
// and hands back the waiters that may start, so tests drive it with plain time
// values; each of its operations is O(log n). Politeness wraps it on an
// io_context with one steady_timer armed for the earliest slot.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "config/clock.h"
#include "crawler/host_gate.h"

namespace newswatch {

/// HostGate on an io_context: acquire() runs the callback (posted to the loop) when the gate admits it.
class Politeness {
 public:
  using Start = std::function<void()>;

  /// Uses `clock` (default: the real steady clock; must outlive this) for gate decisions.
  Politeness(boost::asio::io_context& io, Millis per_host_delay, int concurrency, const Clock* clock = nullptr);
  ~Politeness();
  Politeness(const Politeness&) = delete;
  Politeness& operator=(const Politeness&) = delete;

  /// Runs `start` on the loop once a fetch to `host` may begin; the caller must then call release(host) exactly once.
  /// Returns a ticket for cancel().
  std::uint64_t acquire(const std::string& host, Start start);

  /// Gives up a queued acquire() whose callback has not run; returns false when it already ran or is unknown.
  bool cancel(std::uint64_t ticket);

  /// Ends a fetch to `host`; a Retry-After from a 429/503 delays that host's next fetch.
  void release(const std::string& host, std::optional<std::chrono::seconds> retry_after = std::nullopt);

  /// Applies a robots.txt Crawl-delay to `host`.
  void set_host_delay(const std::string& host, Millis delay);

  /// The pure core, for status and tests.
  const HostGate& gate() const noexcept { return m_gate; }

  /// Cancels the timer and drops every waiter; callbacks not yet run never run. Idempotent.
  void stop() noexcept;

 private:
  void pump();

  boost::asio::io_context& m_io;
  SystemClock m_system_clock;
  const Clock* m_clock;
  HostGate m_gate;
  boost::asio::steady_timer m_timer;
  std::map<std::uint64_t, Start> m_waiting;
  bool m_stopped = false;
  std::shared_ptr<int> m_alive = std::make_shared<int>(0);  ///< posted handlers hold a weak_ptr
};

}  // namespace newswatch
