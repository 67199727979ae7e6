#pragma once
// The running service: every stage wired on one io_context.
//
//   Scheduler (timers per site) -> SiteCrawler (robots, politeness, fetch,
//   parse pool, store thread) -> Dispatcher (outbox -> webhooks, email).
//
// Threads: the loop (all curl and timer work), a pool of parse threads (one
// slow page never stalls the other sites; a stuck one is reported), one store
// thread. `run` uses start(); `once` uses crawl_once(). reload() swaps in a
// new config without dropping stored state or work in flight.
//
// Memory is bounded by configuration, not by the number of sites: bodies
// fetched, and the items parsed from them until the store thread takes them,
// are capped (PageSlots, [service] max_pending_pages), the parse pool has a
// fixed size, and crawls handed to the store thread are capped too (two of
// its batches, k_store_slots): when it falls behind, fetching waits instead
// of every due site's items queueing for it (what held 300 MB in a first
// round of 10,000 sites). stop() is bounded too: the
// store finishes the transaction it is in and drops crawls not yet stored
// (crawled again next time), the pool finishes the page it is on.
//
// Shared mode (crawler/lease_keeper.h): a due site is crawled only under a lease the store grants, so
// several processes on one database crawl each site once per interval and each host one site at a time.

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>

#include "alerts/dispatcher.h"
#include "crawler/lease_keeper.h"
#include "crawler/page_slots.h"
#include "crawler/parse_tracker.h"
#include "crawler/politeness.h"
#include "crawler/robots_gate.h"
#include "crawler/scheduler.h"
#include "crawler/site_crawler.h"
#include "crawler/site_health_monitor.h"
#include "crawler/slow_parse_watch.h"
#include "net/alive_token.h"
#include "net/http_client.h"
#include "store/store_worker.h"

namespace newswatch {

/// How many threads parse pages: the machine's cores, at least 2 so one slow page never stalls the rest.
unsigned parse_threads();
/// `[service] parse_threads`, or parse_threads() when not set.
unsigned parse_threads(const ServiceConfig& service);
/// `[service] max_pending_pages`, or 4 per parse thread when not set: enough to keep the pool busy while
/// fetches are under way.
std::size_t max_pending_pages(const ServiceConfig& service);

/// Crawls handed to the store thread at once: the batch it applies and the next one gathering, so batching is
/// never starved, while what waits for the store stays a few megabytes whatever the number of sites.
inline constexpr std::size_t k_store_slots = 2 * k_max_store_batch;

/// What the service has done since it started (for STATUS= and /metrics).
struct ServiceCounters {
  long long crawls = 0;
  long long failures = 0;
  long long new_items = 0;
  long long alerts_queued = 0;
  long long sites = 0;
};

/// What a crawl-now request did, site by site (names as configured).
struct CrawlNowAnswer {
  std::vector<std::string> queued;     ///< due now: they go through the scheduler like a due time
  std::vector<std::string> in_flight;  ///< already crawling: not started twice
  std::vector<std::string> unknown;    ///< not configured: when any is, nothing is queued
};

/// Destroy a Service on the loop thread or after its loop has stopped; completions still queued then
/// find their owners gone (AliveToken) and do nothing.
class Service {
 public:
  /// Opens the database and builds every stage for `context`; fails with the store's or a stage's error.
  static Result<std::unique_ptr<Service>> create(boost::asio::io_context& io,
                                                 std::shared_ptr<const CrawlContext> context);
  ~Service();

  /// Schedules every site, starts the dispatcher and retention (now, then hourly) (the `run` mode).
  void start();
  /// Makes the named sites (all when empty) due now, on the running schedule (`newswatch crawl`).
  CrawlNowAnswer crawl_now(const std::vector<std::string>& sites);
  /// Crawls the named sites (all when empty) once each, by hand: a failure is recorded but does not grow
  /// the backoff the service keeps in the store; then delivers what is due; `done` gets the reports.
  void crawl_once(const std::vector<std::string>& sites, std::function<void(std::vector<SiteReport>)> done);
  /// Delivers alert `only_id` (every due alert when nullopt) now, digest waits ignored, then calls `done`
  /// (for `alerts retry`).
  void deliver_due(std::optional<std::int64_t> only_id, std::function<void()> done);
  /// Uses `context` from now on: sites added, removed or rescheduled; watches and notifiers replaced.
  void reload(std::shared_ptr<const CrawlContext> context);
  /// Stops timers and abandons transfers in flight; queued store work still completes.
  void stop();

  /// Why the service is not ready (a parse stuck past its limit), or nullopt; for /readyz.
  std::optional<std::string> not_ready_reason() const { return m_slow_parses.problem(); }
  /// One line for systemd's STATUS=.
  std::string status_line() const;
  /// Counters since start-up; read on the loop thread.
  const ServiceCounters& counters() const noexcept { return m_counters; }
  StoreWorker& store() { return *m_store; }
  /// The outbox dispatcher, for its delivery counters and outbox snapshot (/metrics); read on the loop thread.
  const Dispatcher& dispatcher() const noexcept { return m_dispatcher; }
  /// The config in use (reloads replace it); read on the loop thread.
  const Config& config() const noexcept { return *m_context->config; }
  /// Every site's health state, for /metrics; read on the loop thread.
  const SiteHealthMonitor& health() const noexcept { return m_health; }
  /// Bodies being fetched or parsed, or their items waiting for a store slot (now, at most so far, the cap), for
  /// /metrics.
  const PageSlots& page_slots() const noexcept { return m_page_slots; }
  /// Crawls handed to the store thread and not yet answered (now, at most so far, the cap), for /metrics.
  const PageSlots& store_slots() const noexcept { return m_store_slots; }
  /// Shared mode's leases (instance id, leases held, refusals), or null when the database is not shared.
  const LeaseKeeper* leases() const noexcept { return m_leases.get(); }

 private:
  Service(boost::asio::io_context& io, std::shared_ptr<const CrawlContext> context, std::unique_ptr<StoreWorker> store);
  void schedule_site(const SiteConfig& site, const FetchState& state);
  void on_due(const std::string& site);
  /// Shared mode: what the store answered for `site`'s lease; a grant crawls, a refusal re-arms the site.
  void on_lease(const std::string& site, const LeaseAnswer& answer);
  /// Crawls `site` now (under `lease` in shared mode) and hands the report to the scheduler.
  void crawl_site(const SiteConfig& site, std::optional<CrawlLease> lease);
  /// Remembers whether `site`'s last crawl got an HTTP answer (a failure without one: its host was unreachable).
  void note_reachability(const std::string& site, const std::string& host, bool answered);
  /// `host` answered (a site of it, or its robots.txt): the backoff of its other sites that failed for want of
  /// an answer is reset.
  void host_answered(const std::string& host, const std::string& except_site);
  const SiteConfig* find_site(const std::string& name) const;
  /// Prunes what is older than [service] keep, a batch per store job, then checkpoints the WAL and re-arms.
  void run_retention();

  boost::asio::io_context& m_io;
  std::shared_ptr<const CrawlContext> m_context;
  std::unique_ptr<StoreWorker> m_store;
  ParseTracker m_parses;  ///< before the pool: parse threads use it until the pool is joined
  PageSlots m_page_slots{m_io, max_pending_pages(m_context->config->service)};
  PageSlots m_store_slots{m_io, k_store_slots};  ///< crawls handed to the store thread (the same semaphore)
  boost::asio::thread_pool m_parse_pool{parse_threads(m_context->config->service)};
  HttpClient m_http;
  Politeness m_politeness;
  RobotsGate m_robots;
  SiteCrawler m_crawler;
  Dispatcher m_dispatcher;
  Scheduler m_scheduler;
  SlowParseWatch m_slow_parses;
  SiteHealthMonitor m_health;
  ServiceCounters m_counters;
  /// Host -> its sites whose last crawl failed without an HTTP answer (a crawl finds its host's in O(log n)).
  std::map<std::string, std::set<std::string>> m_unreachable;
  std::unique_ptr<LeaseKeeper> m_leases;  ///< shared mode only
  std::set<std::string> m_crawl_now;      ///< shared mode: sites `newswatch crawl` made due, whatever the store says
  boost::asio::steady_timer m_retention_timer;
  bool m_stopped = false;  ///< stop() ran: retention is not re-armed
  AliveToken m_alive;      ///< last member: store completions do nothing once the service is gone
};

}  // namespace newswatch
