#include "crawler/site_crawler.h"
#include "config/clock.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <boost/asio/executor_work_guard.hpp>

#include "crawler/body_limit.h"
#include "crawler/freshness.h"
#include "crawler/page_processor.h"
#include "crawler/scheduler.h"
#include "extractors/url.h"

namespace newswatch {
namespace {

constexpr int k_max_redirects = 5;

/// The crawl's address policy: non-public addresses only for the site's configured host, per `service`.
AddressPolicy site_policy(const SiteConfig& site, const ServiceConfig& service) {
  return AddressPolicy{service.private_networks, site.url};
}

/// robots.txt for a crawl of `site` is fetched like its pages: same policy, same timeouts.
RobotsFetch robots_fetch(const SiteConfig& site, const ServiceConfig& service) {
  return RobotsFetch{site_policy(site, service), service.connect_timeout, service.request_timeout};
}

/// The store's view of a watch hit: one alert request per notifier it names, each with the item's snippet,
/// saying whether the item's article text was to be read but could not be (`unavailable`: sorted keys).
std::vector<AlertRequest> alert_requests(const Matcher& matcher, const Item& item,
                                         const std::vector<std::string>& unavailable) {
  const bool no_body = std::binary_search(unavailable.begin(), unavailable.end(), identity(item));
  std::vector<AlertRequest> requests;
  Snippet snippet;
  for (const WatchHit& hit : matcher.match(item, &snippet))
    for (const std::string& notifier : hit.notifiers)
      requests.push_back(AlertRequest{hit.watch, notifier, hit.matched, hit.once_per_story, no_body, snippet});
  return requests;
}

/// True when a crawl of the page at `url` is past the site's baseline (apply_crawl decides the same way).
bool past_baseline(const FetchState& previous, const std::string& url) {
  return previous.baseline_done && previous.baseline_url == url;
}

std::string summarize(const SiteReport& r, const CrawlOutcome& outcome, const ApplyResult* applied) {
  if (!outcome.error.empty()) return fmt::format("{}: FAILED {}", r.site, outcome.error);
  if (!outcome.items)
    return fmt::format("{}: unchanged (HTTP {}){}", r.site, outcome.http_status,
                       healthy(outcome.health) ? "" : " — UNHEALTHY: " + outcome.health);
  std::string line =
      fmt::format("{}: HTTP {}, {} items, {} new, {} revised, {} alerts queued", r.site, outcome.http_status,
                  r.items_found, r.items_new, applied ? applied->items_revised : 0, r.alerts_queued);
  if (applied && applied->baseline) line += " (baseline: first crawl alerts on nothing)";
  if (!healthy(outcome.health)) line += fmt::format(" — UNHEALTHY: {}", outcome.health);
  return line;
}

/// When a host crawled under `lease` is free again: its delay after now, from the next whole second (the
/// store counts in seconds, and rounding down would shorten the gap).
std::int64_t lease_free_at(const CrawlLease& lease) {
  return unix_now() + 1 + lease.host_delay.count();
}

/// `store_crawl` and the lease's release in one transaction: no process sees the host free while the site's
/// next due time is still the old one. When the release cannot be written, the crawl is not stored either.
Result<ApplyResult> with_release(Store& store, const LeaseRelease& release,
                                 const std::function<Result<ApplyResult>()>& store_crawl) {
  std::optional<Result<ApplyResult>> applied;
  auto together = store.in_transaction([&]() -> Result<void> {
    applied = store_crawl();
    if (!*applied) return tl::unexpected(applied->error());
    return store.release_site_lease(release);
  });
  if (!together) return tl::unexpected(together.error());
  return std::move(*applied);
}

}  // namespace

Result<std::shared_ptr<const CrawlContext>> make_crawl_context(std::shared_ptr<const Config> config) {
  auto context = std::make_shared<CrawlContext>();
  auto matcher = Matcher::build(*config);
  if (!matcher) return tl::unexpected(matcher.error());
  context->matcher = std::make_shared<const Matcher>(std::move(*matcher));
  for (const SiteConfig& site : config->sites) {
    auto extractor = make_extractor(site.extractor, site.selectors);
    if (!extractor) return tl::unexpected(extractor.error());
    context->extractors[site.name] = std::shared_ptr<const Extractor>(std::move(*extractor));
  }
  context->config = std::move(config);
  return std::shared_ptr<const CrawlContext>(std::move(context));
}

struct SiteCrawler::Job {
  SiteConfig site;
  std::shared_ptr<const CrawlContext> context;
  CrawlTrigger trigger;
  std::function<void(SiteReport)> done;
  FetchState previous;
  std::string url;   ///< the URL being fetched: the site's, then each redirect's target
  std::string host;  ///< url's host, for politeness
  int redirects = 0;
  std::optional<std::chrono::seconds> retry_after;  ///< from a 429/503 answer of the site
  std::optional<std::chrono::seconds> fresh_for;    ///< Cache-Control max-age of a 2xx/304 answer, capped
  /// Held from the request's start until the crawl holds a store slot (or its follow-ups start): the body, then
  /// the items parsed from it.
  PageSlots::Slot slot;
  std::optional<CrawlLease> lease;  ///< shared mode: released with the crawl
  PageSlots::Slot store_slot;       ///< held from the hand-over to the store thread until the store answered
};

ReplanInputs SiteCrawler::replan_inputs(const Job& job, const CrawlOutcome& outcome) {
  return ReplanInputs{outcome.error.empty() ? 0 : job.previous.consecutive_failures + 1,
                      std::chrono::duration_cast<Millis>(job.context->config->service.max_backoff), job.retry_after,
                      job.fresh_for};
}

SiteCrawler::SiteCrawler(boost::asio::io_context& io, HttpClient& http, StoreWorker& store, Politeness& politeness,
                         RobotsGate& robots, boost::asio::thread_pool& parse_pool, ParseTracker& parses,
                         PageSlots& slots, PageSlots& store_slots)
    : m_io(io),
      m_http(http),
      m_store(store),
      m_politeness(politeness),
      m_robots(robots),
      m_parse_pool(parse_pool),
      m_parses(parses),
      m_slots(slots),
      m_store_slots(store_slots),
      m_follow_ups(io, http, store, politeness, robots, parse_pool) {}

void SiteCrawler::remember(const std::string& site, FetchState state) {
  m_states.insert_or_assign(site, std::move(state));
}

void SiteCrawler::crawl(const SiteConfig& site, std::shared_ptr<const CrawlContext> context, CrawlTrigger trigger,
                        std::function<void(SiteReport)> done, std::optional<CrawlLease> lease) {
  auto job = std::make_shared<Job>(Job{site,
                                       std::move(context),
                                       trigger,
                                       std::move(done),
                                       {},
                                       site.url,
                                       url_host(site.url),
                                       0,
                                       {},
                                       {},
                                       {},
                                       std::move(lease)});
  if (auto known = m_states.find(site.name); known != m_states.end()) {
    job->previous = known->second;
    return check_robots(job);
  }
  m_store.post([name = site.name](Store& store) { return store.fetch_state(name); },
               m_alive.guard([this, job](Result<FetchState> state) {
                 if (state)
                   job->previous = std::move(*state);
                 else
                   spdlog::error("fetch state unreadable site={}: {}", job->site.name, state.error().message);
                 check_robots(job);
               }));
}

void SiteCrawler::check_robots(std::shared_ptr<Job> job) {
  m_robots.check(job->url, robots_fetch(job->site, job->context->config->service), [this, job](RobotsVerdict verdict) {
    if (verdict.allowed) return fetch(job);
    process(job, fail(ErrorKind::network, verdict.reason, 0));
  });
}

void SiteCrawler::fetch(std::shared_ptr<Job> job) {
  // The host's turn first, then room for the body: a page slot is only ever held by a request under way, a body
  // waiting for its parse or a parsed crawl waiting for a store slot, none of which waits for politeness, so the
  // waits cannot deadlock.
  m_politeness.acquire(job->host, [this, job] {
    m_slots.acquire(m_alive.guard([this, job](PageSlots::Slot slot) {
      job->slot = std::move(slot);
      request(job);
    }));
  });
}

void SiteCrawler::request(std::shared_ptr<Job> job) {
  const ServiceConfig& service = job->context->config->service;
  HttpRequest request;
  request.url = job->url;
  request.user_agent = service.user_agent;
  request.connect_timeout = service.connect_timeout;
  request.total_timeout = service.request_timeout;
  request.max_body_bytes = body_limit(service, job->site.extractor);  // a sitemap may be 50 MB
  request.max_redirects = 0;  // follow() takes each hop through robots.txt and politeness
  request.address_policy = site_policy(job->site, service);
  // Validators only when they came from this URL and were parsed the way we parse now: a new extractor or
  // new selectors must see the full page once, even if the site has not changed. Every hop of a redirect
  // carries them, as curl sent them when it followed redirects itself.
  const bool same_parse = job->previous.body_hash.rfind(parse_fingerprint(job->site) + ":", 0) == 0;
  if ((job->previous.url.empty() || job->previous.url == job->site.url) && same_parse) {
    request.if_none_match = job->previous.etag;
    request.if_modified_since = job->previous.last_modified;
  }
  spdlog::debug("fetch site={} url={}", job->site.name, job->url);
  m_http.start(std::move(request), [this, job](Result<HttpResponse> response) {
    std::optional<std::chrono::seconds> retry_after;
    if (response && (response->status == 429 || response->status == 503)) retry_after = response->retry_after;
    m_politeness.release(job->host, retry_after);
    if (response && is_redirect_status(response->status) && !response->redirect_url.empty()) {
      job->slot.reset();  // the next hop waits for politeness again, so it must not hold a page slot meanwhile
      return follow(job, *response);
    }
    process(job, std::move(response));
  });
}

void SiteCrawler::follow(std::shared_ptr<Job> job, const HttpResponse& redirect) {
  if (++job->redirects > k_max_redirects)
    return process(job, fail(ErrorKind::network,
                             fmt::format("too many redirects (max {}) from {}", k_max_redirects, job->site.url)));
  if (!is_http_url(redirect.redirect_url))
    return process(job, fail(ErrorKind::parse, fmt::format("refused non-http(s) redirect from {} to {}", job->url,
                                                           redirect.redirect_url)));
  spdlog::debug("redirect site={} from={} to={} status={}", job->site.name, job->url, redirect.redirect_url,
                redirect.status);
  job->url = redirect.redirect_url;
  job->host = url_host(job->url);
  // A new origin has its own robots.txt; the same origin answers from the cache.
  check_robots(job);
}

CrawlOutcome SiteCrawler::outcome_of(const Job& job, const Result<HttpResponse>& response, ExtractReport* report) {
  CrawlOutcome outcome;
  const Extractor& extractor = *job.context->extractors.at(job.site.name);
  try {
    outcome = process_fetch(job.site, extractor, job.previous, response, unix_now(), report);
  } catch (const std::exception& e) {  // one page must never take the service down
    outcome = process_fetch(job.site, extractor, job.previous,
                            fail(ErrorKind::parse, fmt::format("extractor failed on {}: {}", job.site.url, e.what())),
                            unix_now());
  }
  outcome.by_hand = job.trigger == CrawlTrigger::by_hand;
  // A failure by hand leaves the stored due time (and streak) where the service's schedule put them.
  if (!outcome.by_hand || outcome.error.empty()) outcome.next_due_at = outcome.at + planned_delay(job, outcome).count();
  return outcome;
}

void SiteCrawler::process(std::shared_ptr<Job> job, Result<HttpResponse> response) {
  if (response && (response->status == 429 || response->status == 503)) job->retry_after = response->retry_after;
  const bool success = response && response->status >= 200 && response->status < 300;
  if (success || (response && response->status == 304))
    job->fresh_for = fresh_for_site(job->site, response->cache_control, response->age);
  if (!success) {  // a 304 or a failure has no body to hash or parse: decided here, no hop to the pool
    ExtractReport report;
    CrawlOutcome outcome = outcome_of(*job, response, &report);
    return decided(job, std::move(outcome), std::move(report));
  }
  // The work guard keeps the loop running while the page is parsed elsewhere (`once` ends when the loop runs dry).
  auto guard = boost::asio::make_work_guard(m_io);
  // Parsing never runs on the loop: hash, charset decoding and extraction go to the parse pool.
  boost::asio::post(m_parse_pool, [this, job, response = std::move(response), guard = std::move(guard)]() mutable {
    ExtractReport report;
    CrawlOutcome outcome;
    {
      auto parsing = m_parses.begin(job->site.name, job->site.url, std::chrono::steady_clock::now());
      Result<HttpResponse> page = std::move(response);
      outcome = outcome_of(*job, page, &report);
    }  // the body is freed here; the slot now stands for the items until the store takes them (to_store)
    boost::asio::post(m_io, m_alive.guard([this, job, outcome = std::move(outcome), report = std::move(report),
                                           guard = std::move(guard)]() mutable {
      decided(job, std::move(outcome), std::move(report));
    }));
  });
}

void SiteCrawler::decided(std::shared_ptr<Job> job, CrawlOutcome outcome, ExtractReport report) {
  const bool articles = job->site.fetch_articles && past_baseline(job->previous, outcome.url);
  FollowUpJob more{job->site,
                   job->context->config->service,
                   job->context->extractors.at(job->site.name),
                   std::move(outcome),
                   std::move(report),
                   articles};
  if (!wants_follow_ups(more)) return to_store(job, std::move(more.outcome));
  // Follow-ups wait for politeness, which a page slot must never do (fetches hold politeness while they wait for
  // a page slot): the slot goes now, and the crawl asks for a store slot when they are done, holding neither.
  job->slot.reset();
  m_follow_ups.run(std::move(more), [this, job](CrawlOutcome merged) { to_store(job, std::move(merged)); });
}

void SiteCrawler::to_store(std::shared_ptr<Job> job, CrawlOutcome outcome) {
  // The page slot is given back only once a store slot is granted: while the store thread is behind, parsed
  // crawls wait here holding their page slots, so no new page is fetched and the items waiting for the store
  // are bounded (page slots + store slots) whatever the number of sites due at once. A store slot holder waits
  // for nothing but the store thread, so the two waits cannot deadlock.
  auto waiting = std::make_shared<CrawlOutcome>(std::move(outcome));
  m_store_slots.acquire(m_alive.guard([this, job, waiting](PageSlots::Slot slot) {
    job->store_slot = std::move(slot);
    job->slot.reset();
    apply(job, std::move(*waiting));
  }));
}

std::chrono::seconds SiteCrawler::planned_delay(const Job& job, const CrawlOutcome& outcome) {
  // What the scheduler will do, without its jitter: stored so `status` can show it and a restart can honour it.
  // An auto site's plan is redone from its item counts once the crawl is stored (replan_auto_site).
  const Millis delay = newswatch::planned_delay(
      std::chrono::duration_cast<Millis>(job.site.interval), replan_inputs(job, outcome).failures,
      std::chrono::duration_cast<Millis>(job.context->config->service.max_backoff), job.retry_after, job.fresh_for);
  return std::chrono::duration_cast<std::chrono::seconds>(delay);
}

void SiteCrawler::apply(std::shared_ptr<Job> job, CrawlOutcome outcome) {
  auto matcher = job->context->matcher;
  auto shared_outcome = std::make_shared<CrawlOutcome>(std::move(outcome));
  auto chosen = std::make_shared<std::optional<AutoInterval>>();  // written on the store thread, read after
  auto state = std::make_shared<std::optional<FetchState>>();     // the site's state once this crawl is stored
  std::optional<LeaseRelease> release;
  if (job->lease) {
    release = LeaseRelease{job->lease->host, job->lease->owner, lease_free_at(*job->lease)};
    if (job->lease->keep_until) release->keep_until = job->lease->keep_until();
  }
  m_store.post_batchable(
      [shared_outcome, matcher, chosen, state, release, site = job->site,
       inputs = replan_inputs(*job, *shared_outcome)](Store& store) {
        const std::vector<std::string>& unavailable = shared_outcome->bodies_unavailable;
        auto store_crawl = [&]() -> Result<ApplyResult> {
          auto applied = store.apply_crawl(*shared_outcome, [&matcher, &unavailable](const Item& item) {
            return alert_requests(*matcher, item, unavailable);
          });
          if (applied) *chosen = replan_auto_site(store, site, *shared_outcome, inputs);
          return applied;
        };
        state->reset();
        auto applied = release ? with_release(store, *release, store_crawl) : store_crawl();
        // Read back here, on the thread already in the store: the next crawl needs no round trip for it.
        if (applied)
          if (auto after = store.fetch_state(site.name)) *state = std::move(*after);
        return applied;
      },
      m_alive.guard([this, job, shared_outcome, chosen, state](Result<ApplyResult> applied) {
        const CrawlOutcome& outcome = *shared_outcome;
        job->store_slot.reset();  // stored (or refused): the next parsed crawl may go to the store
        if (*state)
          m_states.insert_or_assign(job->site.name, std::move(**state));
        else
          m_states.erase(job->site.name);  // read from the store again next time
        SiteReport report;
        report.site = job->site.name;
        report.url = outcome.url;
        report.host = url_host(job->site.url);
        report.http_status = outcome.http_status;
        report.previous_failures = job->previous.consecutive_failures;
        if (!applied) {
          // The lease did not end with the crawl: end it alone, so the host is not idle until it expires.
          if (job->lease)
            m_store.post([release = LeaseRelease{job->lease->host, job->lease->owner, lease_free_at(*job->lease)}](
                             Store& store) { return store.release_site_lease(release); },
                         [](Result<void> done) {
                           if (!done) spdlog::warn("lease release failed: {}", done.error().message);
                         });
          report.store_error = applied.error().message;
          report.summary = fmt::format("{}: FAILED storing the crawl: {}", report.site, report.store_error);
          return job->done(std::move(report));
        }
        report.retry_after = job->retry_after;
        report.fresh_for = job->fresh_for;
        report.auto_interval = *chosen;
        report.items_found = applied->items_found;
        report.items_new = applied->items_new;
        report.alerts_queued = static_cast<int>(applied->queued_alerts.size());
        report.fetched = outcome.error.empty();
        report.ok = report.fetched && healthy(outcome.health);
        report.not_modified = report.fetched && outcome.http_status == 304;
        report.unchanged = report.fetched && !outcome.items && !report.not_modified;
        report.baseline = applied->baseline;
        report.error = outcome.error;
        report.health = outcome.health;
        if (outcome.items) report.fields = count_fields(*outcome.items);
        report.summary = summarize(report, outcome, &*applied);
        job->done(std::move(report));
      }));
}

}  // namespace newswatch
