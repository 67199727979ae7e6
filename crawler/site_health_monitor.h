#pragma once
// Where crawl reports meet the health rules (crawler/site_health.h): after each
// crawl the monitor asks the store thread to apply the rules to the stored rows
// and queue an operator alert per announced transition and per notifier of
// [service] operator_notify, in one transaction; then it logs each transition
// (warn, one line per change, never per crawl) and keeps every site's state in
// memory for /metrics, which answers on the loop thread without the database.
//
// Per crawl the store reads two rows by key (the site's and the network's) and
// the network rule asks a HealthBook, which lives on the store thread (every
// use of it is a job posted there, so they run in order): loaded from the
// stored rows by the first crawl, told the configured sites again when the
// Config changes, and handed every row after the store has written it. Another
// process writing the same database (`once` beside `run`) moves this book only
// when this process next crawls that site.

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "config/config.h"
#include "crawler/health_book.h"
#include "crawler/site_crawler.h"
#include "net/alive_token.h"
#include "store/store_worker.h"

namespace newswatch {

/// What `report` says about its site's health; nullopt when it says nothing (the store refused the crawl).
std::optional<CrawlObservation> observation_of(const SiteReport& report, std::int64_t at);

class SiteHealthMonitor {
 public:
  explicit SiteHealthMonitor(StoreWorker& store) : m_store(store) {}

  /// Reads the stored states (at start-up, on the calling thread) so /metrics shows them before any crawl.
  void load();
  /// Applies `report` under `config`'s rules, sites and operator_notify; `done(queued)` runs on the loop
  /// afterwards, queued = operator alerts were put in the outbox. A store failure is logged and changes nothing.
  /// O(log n) in the number of sites; O(n) once after `config` changes (held until then, so never mistaken).
  /// An answer without new content (304, same bytes) from a site known healthy or degraded, in no failing
  /// streak, while the network is up, changes nothing the rules look at: it costs no store trip.
  void observe(const SiteReport& report, std::shared_ptr<const Config> config, std::function<void(bool queued)> done);
  /// State by site name ("healthy", "degraded", "failing"); the network under "". Read on the loop thread.
  const std::map<std::string, std::string>& states() const noexcept { return m_states; }

 private:
  /// The network rule's counters and whether they were read from the store yet: store thread only.
  struct BookOnStore {
    HealthBook book;
    bool loaded = false;
  };

  StoreWorker& m_store;
  std::map<std::string, std::string> m_states;
  void remember(const SiteHealth& row);
  std::set<std::string> m_streaks;  ///< sites in a failing streak (failing_since set), "" while the network is down
  std::shared_ptr<BookOnStore> m_book = std::make_shared<BookOnStore>();
  std::shared_ptr<const Config> m_config_counted;  ///< the Config whose sites the book counts (held: no reuse)
  AliveToken m_alive;  ///< last member: store completions do nothing once the monitor is gone
};

}  // namespace newswatch
