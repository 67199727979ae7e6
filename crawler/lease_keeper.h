#pragma once
// Shared mode (`[service] shared = true`, or a PostgreSQL database): this process's side of the crawl
// leases that let several `newswatch run` processes split one database's sites (store/site_leases.cpp).
//
// The Scheduler still decides when a site is due here. A due site is crawled only once the store grants
// its lease: acquire() asks on the store thread (the loop never waits) and hands back the answer, with the
// site's stored state, which another process may have moved on. A refusal says when to ask again: the
// site's stored next due time when another process crawled it, soon when another lease holds its host,
// the host's free time after its last crawl. The crawl releases its lease in its own transaction
// (SiteCrawler, CrawlLease).
//
// A heartbeat (now, then every k_heartbeat) records the process in `instances` for `status`, and extends
// its leases, so only a dead process's leases run out (after `[service] lease`, default 2 min) and another process
// takes the work. stop() releases every lease at once so the others need not wait for them.

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "config/config.h"
#include "crawler/site_crawler.h"
#include "net/alive_token.h"
#include "store/store_worker.h"

namespace newswatch {

/// How often a process records that it is alive and extends its leases, at the default `[service] lease` (2 min):
/// an eighth of the lease, so a process misses seven beats before it is taken for dead.
inline constexpr std::chrono::seconds k_heartbeat{15};
/// The heartbeat of a process whose leases last `lease`.
std::chrono::seconds heartbeat_of(std::chrono::seconds lease);

/// True when the database is shared by several processes: `[service] shared`, or a PostgreSQL URL.
bool shared_mode(const ServiceConfig& service);

/// "pid1234-" and 16 random hex digits: names this process among every process on the database.
std::string instance_token();

/// "crawled_elsewhere", "host_busy", "host_cooling" ("" for none): a refusal's metric label.
std::string_view refusal_name(LeaseRefusal refusal);

class LeaseKeeper {
 public:
  /// `lease`: a lease's life past the last heartbeat (`[service] lease`).
  LeaseKeeper(boost::asio::io_context& io, StoreWorker& store, std::chrono::seconds lease);
  LeaseKeeper(const LeaseKeeper&) = delete;
  LeaseKeeper& operator=(const LeaseKeeper&) = delete;

  /// This process's token: the owner of its leases, its row in `instances`.
  const std::string& id() const noexcept { return m_me.id; }
  /// Records the process (waits for the store: `status` shows it before the first crawl), then heartbeats.
  void start();
  /// Asks for `site`'s lease; `done` runs on the loop with the answer. A store error is a host_busy refusal
  /// (asked again soon). `ignore_due`: `newswatch crawl` asked for it now.
  void acquire(const SiteConfig& site, bool ignore_due, std::function<void(const LeaseAnswer&)> done);
  /// The lease `site` is crawled under once granted.
  CrawlLease crawl_lease(const SiteConfig& site, std::chrono::seconds host_delay) const;
  /// The crawl of `site` under its lease has ended (the lease with it). A site of the same host that was
  /// refused because this process held the host is woken now (set_wake), instead of asking again a second later.
  void ended(const std::string& site);
  /// How a site waiting for this process's own lease on its host is asked for again: the scheduler's crawl now.
  void set_wake(std::function<void(const std::string& site)> wake) { m_wake = std::move(wake); }
  /// Releases `site`'s lease without a crawl (the site left the config while its lease was asked for).
  void give_back(const std::string& site);
  /// Stops heartbeats and releases every lease of this process, the hosts free after `host_delay`. Idempotent.
  void stop(std::chrono::seconds host_delay);

  /// Sites crawled under a lease right now.
  std::size_t held() const noexcept { return m_held.size(); }
  /// Refusals since start, by refusal_name(), and "store_error".
  const std::map<std::string, long long>& refusals() const noexcept { return m_refusals; }

 private:
  void beat();
  bool holds_host(const std::string& host) const;

  StoreWorker& m_store;
  InstanceInfo m_me;
  std::chrono::seconds m_lease;
  std::chrono::seconds m_heartbeat;
  boost::asio::steady_timer m_timer;
  std::map<std::string, std::string> m_held;  ///< site -> host, crawled under a lease now
  /// Sites refused host_busy while this process held their host, oldest first, by host. A crawl of that host
  /// then keeps the host for them (CrawlLease::keep_until) and each end wakes one, so a host's due sites follow
  /// each other in this process instead of a second apart. Shared with the crawls' keep_until (loop thread only).
  struct Waiting {
    std::map<std::string, std::deque<std::string>> sites;
    std::set<std::string> kept;          ///< hosts this process keeps for a waiting site (site '' in host_leases)
    std::chrono::seconds host_delay{0};  ///< per_host_delay of the last crawl: a kept host is let go after it
    bool stopped = false;
  };
  std::shared_ptr<Waiting> m_waiting = std::make_shared<Waiting>();
  /// Wakes the next site waiting for `host`; with none left, releases a host kept for them.
  void wake_next(const std::string& host);
  std::function<void(const std::string&)> m_wake;
  std::map<std::string, long long> m_refusals;
  bool m_started = false;
  bool m_stopped = false;
  AliveToken m_alive;  ///< last member: store completions do nothing once this object is gone
};

}  // namespace newswatch
