#pragma once
// When each site is crawled next. One boost::asio::steady_timer per site.
//
// Life of a site: add() arms its timer for the first due time; when it fires
// the scheduler marks the site in flight and calls on_due(site). The owner
// crawls and reports with done(site, outcome); only then is the timer re-armed,
// so a site can never run twice at once (a slow crawl simply delays the next).
//
// Next due time (compute_next_due):
//   success: now + interval + U[0, jitter]. Jitter only ever adds, so a site is
//            never crawled more often than its configured interval (politeness),
//            while sites sharing an interval drift apart.
//   failure: now + backoff_delay(...) (crawler/backoff.h): exponential, capped,
//            equal jitter, never earlier than the server's Retry-After.
//   fresh:   after a success, never before the answer's Cache-Control max-age
//            runs out (crawler/freshness.h; the crawler caps it).
//
// interval = "auto" (crawler/adaptive_interval.h): the crawl reports the site's
// new interval with its verdict; done() keeps it as the site's interval, so its
// backoff and a recovery count from it too. Per-host politeness is beneath all
// of this: a due site still waits for its host's slot (crawler/politeness.h).
//
// Restarts: add() takes the due time stored in the database (wall clock). A due
// time in the past runs at once; a future one is honoured, so restarting the
// service does not re-crawl every site immediately. No stored time: due at once.
//
// Saturation: every delay is capped at k_max_schedule_delay before it is added
// to a clock. The config bounds intervals, but an absurd interval or backoff
// must park a site far ahead, never wrap the nanosecond clock into the past
// (which once re-crawled a site in a tight loop).
//
// Crawl now (`newswatch crawl`): crawl_now() re-arms a waiting site's timer for
// now, so the request takes the same path as a due time (on_due, politeness,
// robots.txt); a site already in flight is not started twice.
//
// Recovery: reset_backoff() forgets a failing site's streak when its host has
// answered another crawl (or its robots.txt): the network is back, so the site
// is due on its normal interval after its last start (now, if that has passed)
// instead of waiting out a backoff that grew during the outage.
//
// Shared mode (several processes on one database, crawler/lease_keeper.h): a due site whose lease is refused
// is not crawled; defer() re-arms it for the time the store gave, without counting a crawl.
//
// SIGHUP reload: update() keeps the pending due time when the interval is
// unchanged; a new interval counts from the start of the last crawl (or keeps
// the pending time if the site never ran), never earlier than now.
//
// All member functions must be called on the io_context's thread.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "config/clock.h"

namespace newswatch {

/// The longest delay the scheduler arms; longer ones saturate at it, so due times never overflow a clock.
inline constexpr Millis k_max_schedule_delay = std::chrono::hours(24 * 365);

/// How one crawl ended, as far as scheduling cares.
struct CrawlVerdict {
  bool ok = true;
  std::optional<std::chrono::seconds> retry_after = std::nullopt;  ///< from a 429/503 answer
  /// Cache-Control max-age left, capped: no crawl before it ends.
  std::optional<std::chrono::seconds> fresh_for = std::nullopt;
  std::optional<Millis> interval = std::nullopt;  ///< interval = "auto": the site's interval from now on
};

/// What done() will do, without its jitter (the crawler stores it for `status` and restarts): the interval, or
/// backoff_base() after `failures`; never shorter than retry_after (clamped), nor than fresh_for after a success.
Millis planned_delay(Millis interval, int failures, Millis max_backoff, std::optional<std::chrono::seconds> retry_after,
                     std::optional<std::chrono::seconds> fresh_for);

/// The delay until the next crawl: interval + rand01 * jitter after a success (failures == 0),
/// else backoff_delay(); never shorter than retry_after, never longer than k_max_schedule_delay. `rand01` is in [0, 1).
Millis compute_next_delay(Millis interval, Millis jitter, int failures, std::optional<std::chrono::seconds> retry_after,
                          Millis max_backoff, double rand01);

/// `now` + compute_next_delay(...): the absolute time of the next crawl.
SteadyTime compute_next_due(SteadyTime now, Millis interval, Millis jitter, int failures,
                            std::optional<std::chrono::seconds> retry_after, Millis max_backoff, double rand01);

class Scheduler {
 public:
  using DueHandler = std::function<void(const std::string& site)>;
  using Random = std::function<double()>;  ///< uniform in [0, 1)

  /// Calls `on_due` on `io` whenever a site is due; `rand01` defaults to a seeded mt19937.
  Scheduler(boost::asio::io_context& io, Millis max_backoff, DueHandler on_due, Random rand01 = {});
  ~Scheduler();
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  /// Schedules `site` at `first_due` (wall clock, from the store; past or absent = at once), starting
  /// from `failures` consecutive failures. Adding a known site acts as update().
  void add(const std::string& site, Millis interval, Millis jitter, std::optional<WallTime> first_due = std::nullopt,
           int failures = 0);

  /// Records the end of the crawl on_due() started and re-arms the timer; returns the delay until the next
  /// crawl, or nullopt (ignored) for unknown or idle sites.
  std::optional<Millis> done(const std::string& site, const CrawlVerdict& outcome);

  /// Ends the in-flight state on_due() started without a crawl and arms the site for `at` (wall clock; past =
  /// at once) with `failures` as its streak: shared mode's answer when another process holds the site's host
  /// or crawled it meanwhile. No-op for unknown or idle sites.
  void defer(const std::string& site, WallTime at, int failures);

  enum class NowResult { queued, in_flight, unknown };
  /// Makes `site` due now (unless it is in flight already, or unknown); the crawl goes through on_due().
  NowResult crawl_now(const std::string& site);

  /// Forgets a waiting site's failure streak and, when its backoff parks it later than last start + interval,
  /// re-arms it for then (now at the earliest). Returns the delay to its next crawl; nullopt when nothing
  /// changed (unknown, in flight, stopped or not failing).
  std::optional<Millis> reset_backoff(const std::string& site);

  /// Forgets `site` and cancels its timer; a crawl in flight finishes but is not re-armed.
  void remove(const std::string& site);

  /// Changes interval and jitter (config reload) without losing the pending due time when the interval is unchanged.
  void update(const std::string& site, Millis interval, Millis jitter);

  /// The wall-clock time the site is next due; nullopt when unknown or in flight.
  std::optional<WallTime> next_due(const std::string& site) const;

  /// The interval `site` is scheduled on (an auto site's latest); nullopt for unknown sites.
  std::optional<Millis> interval(const std::string& site) const;

  /// Consecutive failures recorded for `site` (0 for unknown sites).
  int failures(const std::string& site) const;

  /// True while on_due(site) has fired and done(site) has not been called.
  bool in_flight(const std::string& site) const;

  /// Number of sites known.
  std::size_t size() const noexcept { return m_sites.size(); }

  /// Cancels every timer; no on_due() is called afterwards. Idempotent.
  void stop() noexcept;

 private:
  struct Site;
  void arm(const std::string& name, Site& site, SteadyTime due);
  void fire(const std::string& name, std::uint64_t token) noexcept;

  boost::asio::io_context& m_io;
  Millis m_max_backoff;
  DueHandler m_on_due;
  Random m_rand01;
  std::mt19937_64 m_rng;
  bool m_stopped = false;
  std::uint64_t m_next_token = 1;                           ///< tells a live wait from a superseded one
  std::shared_ptr<int> m_alive = std::make_shared<int>(0);  ///< handlers hold a weak_ptr: safe after destruction
  std::map<std::string, std::unique_ptr<Site>> m_sites;
};

}  // namespace newswatch
