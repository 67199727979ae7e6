#include "app/service.h"

#include <algorithm>
#include <thread>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "config/clock.h"
#include "crawler/crawl_log.h"
#include "extractors/url.h"

namespace newswatch {
namespace {

constexpr auto k_outbox_poll = std::chrono::seconds(15);
constexpr auto k_retention_every = std::chrono::hours(1);
constexpr int k_retention_batch = 500;  // rows of each kind per store job: crawls interleave between batches
// At stop, store jobs other than crawls (a delivery marked sent, a claim) still run if they start within this;
// with the transaction running (at most the busy timeout, 5 s) it keeps SIGTERM under 10 s.
constexpr auto k_store_grace = std::chrono::seconds(3);
constexpr std::size_t k_pending_pages_per_thread = 4;

}  // namespace

unsigned parse_threads() {
  // Cores beyond a few buy nothing: the store thread and the loop are the other limits.
  return std::clamp(std::thread::hardware_concurrency(), 2u, 8u);
}

unsigned parse_threads(const ServiceConfig& service) {
  return service.parse_threads > 0 ? static_cast<unsigned>(service.parse_threads) : parse_threads();
}

std::size_t max_pending_pages(const ServiceConfig& service) {
  if (service.max_pending_pages > 0) return static_cast<std::size_t>(service.max_pending_pages);
  return k_pending_pages_per_thread * parse_threads(service);
}

Result<std::unique_ptr<Service>> Service::create(boost::asio::io_context& io,
                                                 std::shared_ptr<const CrawlContext> context) {
  auto store =
      StoreWorker::open(io, context->config->service.database, StoreSecrets{context->config->service.password_file});
  if (!store) return tl::unexpected(store.error());
  return std::unique_ptr<Service>(new Service(io, std::move(context), std::move(*store)));
}

Service::Service(boost::asio::io_context& io, std::shared_ptr<const CrawlContext> context,
                 std::unique_ptr<StoreWorker> store)
    : m_io(io),
      m_context(std::move(context)),
      m_store(std::move(store)),
      m_http(io),
      m_politeness(io, std::chrono::duration_cast<Millis>(m_context->config->service.per_host_delay),
                   m_context->config->service.concurrency),
      m_robots(m_http, m_politeness, m_context->config->service.user_agent, m_context->config->service.respect_robots),
      m_crawler(io, m_http, *m_store, m_politeness, m_robots, m_parse_pool, m_parses, m_page_slots, m_store_slots),
      m_dispatcher(io, m_http, *m_store, m_context->config),
      m_scheduler(io, std::chrono::duration_cast<Millis>(m_context->config->service.max_backoff),
                  [this](const std::string& site) { on_due(site); }),
      m_slow_parses(io, m_parses, *m_store),
      m_health(*m_store),
      m_retention_timer(io) {
  m_robots.on_host_answered([this](const std::string& host) { host_answered(host, ""); });
  if (shared_mode(m_context->config->service))
    m_leases = std::make_unique<LeaseKeeper>(io, *m_store, m_context->config->service.lease);
}

Service::~Service() {
  stop();
  m_parse_pool.join();
}

const SiteConfig* Service::find_site(const std::string& name) const {
  return m_context->config->find_site(name);
}

void Service::start() {
  m_counters.sites = static_cast<long long>(m_context->config->sites.size());
  for (const SiteConfig& site : m_context->config->sites) {
    auto state = m_store->call([&](Store& store) { return store.fetch_state(site.name); });
    schedule_site(site, state ? *state : FetchState{});
    if (state) m_crawler.remember(site.name, std::move(*state));  // its first crawl needs no store trip
  }
  m_health.load();
  if (m_leases) {
    m_leases->set_wake([this](const std::string& site) { m_scheduler.crawl_now(site); });
    m_leases->start();
  }
  m_dispatcher.start(k_outbox_poll);
  m_slow_parses.start();
  run_retention();
}

void Service::run_retention() {
  std::int64_t cutoff = unix_now() - m_context->config->service.keep.count();
  m_store->post([cutoff](Store& store) { return store.prune(cutoff, k_retention_batch); },
                m_alive.guard([this](Result<PruneResult> pruned) {
                  if (m_stopped) return;
                  if (!pruned) spdlog::warn("retention failed: {}", pruned.error().message);
                  if (pruned && pruned->more) return run_retention();  // the rest, after queued crawls
                  if (pruned && (pruned->alerts || pruned->revisions || pruned->items || pruned->stories))
                    spdlog::info("retention alerts={} revisions={} items={} stories={}", pruned->alerts,
                                 pruned->revisions, pruned->items, pruned->stories);
                  m_store->post([](Store& store) { return store.checkpoint(); },
                                m_alive.guard([](Result<CheckpointResult> done) {
                                  if (!done)
                                    spdlog::warn("wal checkpoint failed: {}", done.error().message);
                                  else if (done->busy)
                                    spdlog::debug("wal checkpoint busy: a reader holds the wal");
                                }));
                  m_retention_timer.expires_after(k_retention_every);
                  m_retention_timer.async_wait([this](boost::system::error_code ec) {
                    if (!ec) run_retention();
                  });
                }));
}

void Service::schedule_site(const SiteConfig& site, const FetchState& state) {
  note_reachability(site.name, url_host(site.url), state.consecutive_failures == 0 || state.last_status != 0);
  // A restart honours the stored due time instead of re-crawling every site at once.
  std::optional<WallTime> first_due;
  if (state.next_due_at) first_due = WallTime(std::chrono::seconds(*state.next_due_at));
  m_scheduler.add(site.name, std::chrono::duration_cast<Millis>(site.interval),
                  std::chrono::duration_cast<Millis>(site.jitter), first_due, state.consecutive_failures);
}

void Service::on_due(const std::string& name) {
  const SiteConfig* site = find_site(name);
  if (!site) return m_scheduler.remove(name);
  if (!m_leases) return crawl_site(*site, std::nullopt);
  const bool now = m_crawl_now.erase(name) > 0;
  m_leases->acquire(*site, now, m_alive.guard([this, name](const LeaseAnswer& answer) { on_lease(name, answer); }));
}

void Service::on_lease(const std::string& name, const LeaseAnswer& answer) {
  const SiteConfig* site = find_site(name);
  if (m_stopped) return;  // a lease granted meanwhile went with the others (stop() releases them all)
  if (!site) {            // removed by a reload while its lease was asked for
    if (answer.granted) m_leases->give_back(name);
    return m_scheduler.remove(name);
  }
  // Either way the store's state is the newest: another process may have crawled the site meanwhile.
  if (answer.state.last_crawl_at) m_crawler.remember(name, answer.state);
  if (answer.granted) return crawl_site(*site, m_leases->crawl_lease(*site, m_context->config->service.per_host_delay));
  m_scheduler.defer(name, WallTime(std::chrono::seconds(answer.retry_at)), answer.state.consecutive_failures);
}

void Service::crawl_site(const SiteConfig& site, std::optional<CrawlLease> lease) {
  const bool leased = lease.has_value();
  m_crawler.crawl(
      site, m_context, CrawlTrigger::schedule,
      [this, leased](SiteReport report) {
        if (leased && m_leases) m_leases->ended(report.site);
        ++m_counters.crawls;
        m_counters.new_items += report.items_new;
        m_counters.alerts_queued += report.alerts_queued;
        if (!report.ok) ++m_counters.failures;
        // An unhealthy page (no items) was still fetched: crawling it less often would not fix the extractor.
        std::optional<CrawlSchedule> schedule;
        std::optional<Millis> interval;
        if (report.auto_interval) {
          interval = std::chrono::duration_cast<Millis>(report.auto_interval->interval);
          if (m_scheduler.interval(report.site) != interval)  // one line when it changes, not one per crawl
            spdlog::info("interval changed site={} url={}: {}", report.site, report.url,
                         describe(*report.auto_interval));
        }
        if (auto next_in = m_scheduler.done(
                report.site, CrawlVerdict{report.fetched, report.retry_after, report.fresh_for, interval}))
          schedule = CrawlSchedule{m_scheduler.failures(report.site), *next_in};
        log_crawl(report, schedule);
        note_reachability(report.site, report.host, report.fetched || report.http_status != 0);
        if (report.fetched) host_answered(report.host, report.site);
        if (report.alerts_queued > 0) m_dispatcher.kick();
        m_health.observe(report, m_context->config, [this](bool queued) {
          if (queued) m_dispatcher.kick();
        });
      },
      std::move(lease));
}

void Service::note_reachability(const std::string& site, const std::string& host, bool answered) {
  if (!answered) {
    m_unreachable[host].insert(site);
    return;
  }
  auto sites = m_unreachable.find(host);
  if (sites == m_unreachable.end()) return;
  sites->second.erase(site);
  if (sites->second.empty()) m_unreachable.erase(sites);
}

void Service::host_answered(const std::string& host, const std::string& except_site) {
  // Only this host's sites that failed without an answer are visited: a crawl's cost does not grow with the
  // number of configured sites. A site failing with an answer of its own (a 404, a page that does not parse)
  // is not among them and keeps its backoff.
  auto sites = m_unreachable.find(host);
  if (sites == m_unreachable.end()) return;
  for (const std::string& name : sites->second) {
    const SiteConfig* site = find_site(name);
    if (!site || name == except_site) continue;
    if (auto next_in = m_scheduler.reset_backoff(name))
      spdlog::info("backoff reset site={} url={}: host {} answered again, next_in={}", name, site->url, host,
                   human_delay(*next_in));
  }
}

CrawlNowAnswer Service::crawl_now(const std::vector<std::string>& names) {
  CrawlNowAnswer answer;
  std::vector<std::string> chosen;
  for (const SiteConfig& site : m_context->config->sites)  // config order, each site once
    if (names.empty() || std::find(names.begin(), names.end(), site.name) != names.end()) chosen.push_back(site.name);
  for (const std::string& name : names)
    if (!find_site(name)) answer.unknown.push_back(name);
  if (!answer.unknown.empty()) return answer;
  for (const std::string& name : chosen) {
    switch (m_scheduler.crawl_now(name)) {
      case Scheduler::NowResult::queued:
        answer.queued.push_back(name);
        if (m_leases) m_crawl_now.insert(name);  // asked for now: another process's recent crawl does not count
        break;
      case Scheduler::NowResult::in_flight: answer.in_flight.push_back(name); break;
      case Scheduler::NowResult::unknown: answer.unknown.push_back(name); break;  // not scheduled: stopping
    }
  }
  return answer;
}

void Service::crawl_once(const std::vector<std::string>& names, std::function<void(std::vector<SiteReport>)> done) {
  std::vector<const SiteConfig*> sites;
  for (const SiteConfig& site : m_context->config->sites)
    if (names.empty() || std::find(names.begin(), names.end(), site.name) != names.end()) sites.push_back(&site);
  auto reports = std::make_shared<std::vector<SiteReport>>();
  auto remaining = std::make_shared<std::size_t>(sites.size());
  auto finish = [this, reports, done = std::move(done)] {
    m_dispatcher.drain([reports, done] { done(std::move(*reports)); });
  };
  if (sites.empty()) return finish();
  for (const SiteConfig* site : sites) {
    m_crawler.crawl(*site, m_context, CrawlTrigger::by_hand, [this, reports, remaining, finish](SiteReport report) {
      log_crawl(report, std::nullopt);
      // Health is recorded before delivery, so a transition's operator alert goes out in this run.
      auto seen = std::make_shared<SiteReport>(std::move(report));
      m_health.observe(*seen, m_context->config, [reports, remaining, finish, seen](bool) {
        reports->push_back(std::move(*seen));
        if (--*remaining == 0) finish();
      });
    });
  }
}

void Service::deliver_due(std::optional<std::int64_t> only_id, std::function<void()> done) {
  m_dispatcher.drain_now(only_id, std::move(done));
}

void Service::reload(std::shared_ptr<const CrawlContext> context) {
  const ServiceConfig& before = m_context->config->service;
  const ServiceConfig& after = context->config->service;
  if (before.database != after.database || before.password_file != after.password_file ||
      before.concurrency != after.concurrency || before.per_host_delay != after.per_host_delay ||
      before.user_agent != after.user_agent || before.respect_robots != after.respect_robots ||
      before.max_backoff != after.max_backoff || before.parse_threads != after.parse_threads ||
      before.max_pending_pages != after.max_pending_pages || before.shared != after.shared)
    spdlog::warn(
        "config reload: changes to database, concurrency, per_host_delay, user_agent, respect_robots, "
        "max_backoff, parse_threads, max_pending_pages and shared take effect after a restart");
  for (const SiteConfig& site : m_context->config->sites)
    if (!context->config->find_site(site.name)) m_scheduler.remove(site.name);
  m_context = std::move(context);
  m_counters.sites = static_cast<long long>(m_context->config->sites.size());
  for (const SiteConfig& site : m_context->config->sites) {
    auto interval = std::chrono::duration_cast<Millis>(site.interval);
    auto jitter = std::chrono::duration_cast<Millis>(site.jitter);
    // An auto site keeps the interval its items earned, within the (possibly new) bounds.
    if (auto current = m_scheduler.interval(site.name); current && site.auto_interval)
      interval = std::clamp<Millis>(*current, site.min_interval, site.max_interval);
    if (m_scheduler.next_due(site.name) || m_scheduler.in_flight(site.name))
      m_scheduler.update(site.name, interval, jitter);
    else
      m_scheduler.add(site.name, interval, jitter);
  }
  m_dispatcher.set_config(m_context->config);
  spdlog::info("config reloaded: {} sites, {} watches, {} notifiers", m_context->config->sites.size(),
               m_context->config->watches.size(), m_context->config->notifiers.size());
}

void Service::stop() {
  if (m_stopped) return;
  m_stopped = true;
  // First what bounds the time to exit: crawls waiting for the store are dropped (crawled again next time),
  // fetches waiting for a page slot and parsed crawls waiting for a store slot are forgotten, the pool ends after the
  // page each thread is on.
  m_store->shed(k_store_grace);
  m_page_slots.stop();
  m_store_slots.stop();
  m_parse_pool.stop();
  m_retention_timer.cancel();
  m_scheduler.stop();
  m_slow_parses.stop();
  m_dispatcher.stop();
  m_politeness.stop();
  m_http.cancel_all();
  if (m_leases) m_leases->stop(m_context->config->service.per_host_delay);
}

std::string Service::status_line() const {
  return fmt::format("{} sites, {} crawls, {} failed, {} new items", m_context->config->sites.size(), m_counters.crawls,
                     m_counters.failures, m_counters.new_items);
}

}  // namespace newswatch
