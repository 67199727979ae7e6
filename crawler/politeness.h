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
// HostGate is the pure core: it takes `now` as a parameter and hands back the
// waiters that may start, so tests drive it with plain time values. Politeness
// wraps it on an io_context with one steady_timer armed for the earliest slot.

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "config/clock.h"

namespace newswatch {

/// The pure admission logic; no I/O, no clock of its own.
class HostGate {
 public:
  /// `concurrency` below 1 is treated as 1.
  HostGate(Millis per_host_delay, int concurrency);

  /// Queues a request for `host` and returns its ticket.
  std::uint64_t enqueue(const std::string& host);

  /// Drops a queued ticket that has not started; returns false when it was not queued.
  bool cancel(std::uint64_t ticket);

  struct Grant {
    std::uint64_t ticket;
    std::string host;
  };
  /// Starts (and removes from the queue) every waiter allowed at `now`, in arrival order.
  std::vector<Grant> take_ready(SteadyTime now);

  /// The earliest time a queued waiter becomes ready on time alone; nullopt when none waits on time
  /// (the queue is empty, the concurrency limit is reached, or every waiter waits on a fetch in flight).
  std::optional<SteadyTime> next_wakeup() const;

  /// Ends the in-flight fetch to `host` at `now`; a Retry-After pushes the host's next slot to now + retry_after.
  void release(const std::string& host, SteadyTime now, std::optional<std::chrono::seconds> retry_after = std::nullopt);

  /// Sets a host's own minimum gap (robots.txt Crawl-delay); the effective gap is max(per_host_delay, delay).
  void set_host_delay(const std::string& host, Millis delay);

  /// The earliest time a new request to `host` may start (ignoring the concurrency limit).
  SteadyTime next_slot(const std::string& host) const;

  /// Fetches in flight over all hosts.
  int in_flight() const noexcept { return m_in_flight; }
  /// Waiters queued.
  std::size_t waiting() const noexcept { return m_queue.size(); }

 private:
  struct Host {
    bool busy = false;
    SteadyTime next_slot{};  ///< the epoch: a new host is free at once
    Millis own_delay{0};     ///< Crawl-delay
  };
  Millis gap(const Host& h) const { return std::max(m_per_host_delay, h.own_delay); }

  Millis m_per_host_delay;
  int m_concurrency;
  int m_in_flight = 0;
  std::uint64_t m_next_ticket = 1;
  std::deque<Grant> m_queue;
  std::map<std::string, Host> m_hosts;
};

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
