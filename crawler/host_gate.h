#pragma once
// HostGate, the pure core of per-host politeness (crawler/politeness.h states
// the rules): it takes `now` as a parameter and hands back the waiters that may
// start, so tests drive it with plain time values.
//
// Every operation is O(log n) in the waiters and hosts (amortised: a host moves
// from "waiting on time" to "ready" once per idle spell). Thousands of sites on
// one publisher's host queue behind one another, so nothing may walk the queue:
//   - each host is interned once (an id; its name is hashed only at the edges)
//     and keeps its own FIFO of tickets;
//   - a host that is idle and has waiters is filed under its next slot
//     (m_by_slot: next_wakeup() is its first entry);
//   - once that slot has come it is also filed under its first waiter's ticket
//     (m_ready), so take_ready() starts the oldest ready heads in arrival order:
//     first come, first served across hosts, and a busy or early host is simply
//     absent, never in the way (no head-of-line blocking).
// "Has come" is judged against the latest `now` seen by take_ready(), which a
// steady clock never moves backwards.

#include <chrono>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "config/clock.h"

namespace newswatch {

/// The pure admission logic; no I/O, no clock of its own. `now` must never decrease from one call to the next.
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
  std::size_t waiting() const noexcept { return m_tickets.size(); }

 private:
  using HostId = std::uint32_t;
  struct Host {
    std::string name;
    bool busy = false;
    SteadyTime next_slot{};           ///< the epoch: a new host is free at once
    Millis own_delay{0};              ///< Crawl-delay
    std::set<std::uint64_t> waiters;  ///< tickets, so in arrival order
  };
  Millis gap(const Host& h) const { return std::max(m_per_host_delay, h.own_delay); }

  /// The id of `name`, interned on first sight.
  HostId intern(const std::string& name);
  /// Files `id` in m_by_slot (and m_ready when its slot has come) if it is idle with waiters.
  void file(HostId id);
  /// Takes `id` out of m_by_slot and m_ready; call before changing its busy flag, slot or first waiter.
  void unfile(HostId id);
  /// Moves every host whose slot lies in (m_now, now] into m_ready and advances m_now.
  void promote_until(SteadyTime now);

  Millis m_per_host_delay;
  int m_concurrency;
  int m_in_flight = 0;
  std::uint64_t m_next_ticket = 1;
  std::vector<Host> m_hosts;  ///< by id; a forgotten host's id goes to m_free_ids
  std::vector<HostId> m_free_ids;
  std::unordered_map<std::string, HostId> m_ids;
  std::unordered_map<std::uint64_t, HostId> m_tickets;  ///< every queued ticket -> its host
  std::set<std::pair<SteadyTime, HostId>> m_by_slot;    ///< idle hosts with waiters, by next slot
  std::set<std::pair<std::uint64_t, HostId>> m_ready;   ///< those whose slot <= m_now, by first waiter
  SteadyTime m_now = SteadyTime::min();                 ///< the latest `now` given to take_ready()
};

}  // namespace newswatch
