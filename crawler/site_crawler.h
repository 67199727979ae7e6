#pragma once
// One crawl of one site, as a chain of small steps on the event loop:
//
//   fetch state (kept in memory after the first store read) -> robots.txt
//   check -> wait for a polite slot for the host -> wait for a page slot
//   (PageSlots: bodies fetched but not yet parsed are capped) -> conditional
//   GET (curl multi) -> process the answer (a 304 or a failure on the loop,
//   a body on the parse pool: hash, charset, extract) -> follow-ups the page
//   asked for (a sitemap index's children, article titles, and with
//   fetch_articles the new items' article text: follow_up.h) -> wait for a
//   store slot -> apply crawl + match watches in one transaction (store
//   thread) -> report. Alerts so wait for the articles.
//
// Memory: the page slot is held from the request until the crawl's items are
// handed to the store (a store slot granted; or until its follow-ups start),
// and store slots are few, so a store thread that falls behind stops the
// fetches instead of queueing every due site's parsed items.
//
// Redirects are followed here, not by curl (at most 5, http/https only), so
// every hop passes the robots.txt check of its own origin and the politeness
// gate of its own host; every connection passes the site's AddressPolicy.
//
// Every step that could block runs off the loop and posts back. One site's
// failure is that site's report; it never touches another site's crawl.
//
// The fetch state each crawl starts from is the one the store returned with
// the site's last applied crawl (or read at start-up), so a steady-state poll
// makes no store round trip before its request. Another process writing the
// same file (`once`) can only make it older: at worst an unconditional GET and
// a parse whose items are already stored (apply_crawl reads the state it
// changes inside its own transaction).

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>

#include "alerts/matcher.h"
#include "config/config.h"
#include "crawler/adaptive_interval.h"
#include "crawler/follow_up.h"
#include "crawler/page_slots.h"
#include "crawler/parse_tracker.h"
#include "crawler/politeness.h"
#include "crawler/robots_gate.h"
#include "crawler/site_health.h"
#include "extractors/extractor.h"
#include "net/alive_token.h"
#include "net/http_client.h"
#include "store/store_worker.h"

namespace newswatch {

/// How one crawl of one site ended.
struct SiteReport {
  std::string site;
  std::string url;            ///< the site's configured URL (the state's key)
  std::string host;           ///< the configured URL's host (sites sharing it recover together)
  bool fetched = false;       ///< the site answered 2xx or 304 (the scheduler backs off otherwise)
  bool ok = false;            ///< fetched and healthy: items found (`once` exits 1 otherwise)
  bool not_modified = false;  ///< a 304: nothing parsed
  bool unchanged = false;     ///< a 2xx with the bytes of the last parse: nothing parsed
  bool baseline = false;      ///< the site's (or its new URL's) first crawl: items stored, no alerts
  std::string summary;        ///< the one-line summary printed by `once`
  std::string error;          ///< why the crawl failed ("" when fetched)
  std::string health;         ///< "ok" or the extractor's problem
  std::string store_error;    ///< the database refused the crawl ("" when stored)
  int http_status = 0;
  int items_found = 0;
  int items_new = 0;
  int alerts_queued = 0;
  int previous_failures = 0;  ///< consecutive failures stored before this crawl
  ItemFieldCounts fields;     ///< what the parsed page yielded (zeros when nothing was parsed), for health
  std::optional<std::chrono::seconds> retry_after;
  std::optional<std::chrono::seconds> fresh_for;  ///< Cache-Control max-age left, capped (crawler/freshness.h)
  std::optional<AutoInterval> auto_interval;      ///< interval = "auto": the interval chosen after this crawl
};

/// Who asked for a crawl: the service's schedule (a failure grows the site's stored backoff), or a
/// person running `once` (the outcome is recorded; a failure leaves the service's backoff alone).
enum class CrawlTrigger { schedule, by_hand };

/// A crawl under a lease (shared mode, crawler/lease_keeper.h): the lease is released in the crawl's own
/// transaction, the host free for anyone `host_delay` after the crawl ends.
struct CrawlLease {
  std::string host;
  std::string owner;
  std::chrono::seconds host_delay{0};
  /// Asked on the loop when the crawl is stored: > 0 keeps the host until then for the owner's next site of it
  /// (LeaseRelease::keep_until), 0 releases it. Empty: release.
  std::function<std::int64_t()> keep_until;
};

/// What a crawl needs from the running service; rebuilt on config reload.
struct CrawlContext {
  std::shared_ptr<const Config> config;
  std::shared_ptr<const Matcher> matcher;
  std::map<std::string, std::shared_ptr<const Extractor>> extractors;  ///< by site name
};

/// Builds the per-site extractors and the watch matcher for `config`.
Result<std::shared_ptr<const CrawlContext>> make_crawl_context(std::shared_ptr<const Config> config);

class SiteCrawler {
 public:
  SiteCrawler(boost::asio::io_context& io, HttpClient& http, StoreWorker& store, Politeness& politeness,
              RobotsGate& robots, boost::asio::thread_pool& parse_pool, ParseTracker& parses, PageSlots& slots,
              PageSlots& store_slots);

  /// Crawls `site` with `context`; `done` runs on the loop with the report (nothing is logged: see crawl_log.h).
  /// Under `lease`, the lease ends with the crawl: in its transaction, or alone when the store refused it.
  void crawl(const SiteConfig& site, std::shared_ptr<const CrawlContext> context, CrawlTrigger trigger,
             std::function<void(SiteReport)> done, std::optional<CrawlLease> lease = std::nullopt);
  /// Starts `site`'s next crawl from `state` instead of reading it from the store (the service read every
  /// site's state at start-up).
  void remember(const std::string& site, FetchState state);

 private:
  struct Job;
  void check_robots(std::shared_ptr<Job> job);
  void fetch(std::shared_ptr<Job> job);
  void request(std::shared_ptr<Job> job);
  void follow(std::shared_ptr<Job> job, const HttpResponse& redirect);
  void process(std::shared_ptr<Job> job, Result<HttpResponse> response);
  /// The outcome of `response` (never throws), on whichever thread decides it.
  static CrawlOutcome outcome_of(const Job& job, const Result<HttpResponse>& response, ExtractReport* report);
  /// Back on the loop with the page's outcome: follow-ups, then apply.
  void decided(std::shared_ptr<Job> job, CrawlOutcome outcome, ExtractReport report);
  /// Waits for a store slot (keeping the page slot until then), then apply().
  void to_store(std::shared_ptr<Job> job, CrawlOutcome outcome);
  void apply(std::shared_ptr<Job> job, CrawlOutcome outcome);
  static std::chrono::seconds planned_delay(const Job& job, const CrawlOutcome& outcome);
  /// The crawl's own facts an adaptive schedule needs: the streak after it, the server's waits.
  static ReplanInputs replan_inputs(const Job& job, const CrawlOutcome& outcome);

  boost::asio::io_context& m_io;
  HttpClient& m_http;
  StoreWorker& m_store;
  Politeness& m_politeness;
  RobotsGate& m_robots;
  boost::asio::thread_pool& m_parse_pool;
  ParseTracker& m_parses;
  PageSlots& m_slots;
  PageSlots& m_store_slots;  ///< crawls handed to the store thread and not yet answered
  FollowUps m_follow_ups;
  std::unordered_map<std::string, FetchState> m_states;  ///< by site: the state the last applied crawl left
  AliveToken m_alive;  ///< last member: store and parse completions do nothing once this object is gone
};

}  // namespace newswatch
