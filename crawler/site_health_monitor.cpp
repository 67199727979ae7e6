#include "crawler/site_health_monitor.h"

#include <memory>

#include <spdlog/spdlog.h>

#include "config/clock.h"

namespace newswatch {
namespace {

void log_transition(const HealthTransition& t, const std::string& url, bool alerted) {
  const HealthEvent& e = t.event;
  if (e.site.empty()) {
    spdlog::warn("network health from={} to={} reason={:?} alert={}", e.from, e.to, e.reason,
                 alerted ? "queued" : "none");
    return;
  }
  spdlog::warn("site health site={} url={} from={} to={} reason={:?} alert={}", e.site, url, e.from, e.to, e.reason,
               alerted ? "queued" : (t.announce ? "none" : "covered by network down"));
}

}  // namespace

std::optional<CrawlObservation> observation_of(const SiteReport& report, std::int64_t at) {
  if (!report.store_error.empty()) return std::nullopt;
  CrawlObservation seen;
  seen.at = at;
  if (!report.fetched) {
    seen.kind = CrawlObservation::Kind::failed;
    seen.answered = report.http_status != 0;
    seen.error = report.error;
  } else if (report.not_modified || report.unchanged) {
    seen.kind = CrawlObservation::Kind::unchanged;
  } else {
    seen.kind = CrawlObservation::Kind::parsed;
    seen.fields = report.fields;
  }
  return seen;
}

void SiteHealthMonitor::load() {
  auto rows = m_store.call([](Store& store) { return store.site_healths(); });
  if (!rows) return spdlog::warn("site health not loaded: {}", rows.error().message);
  for (const SiteHealth& row : *rows) remember(row);
}

void SiteHealthMonitor::remember(const SiteHealth& row) {
  m_states[row.site] = row.site.empty() ? (row.failing ? "down" : "up") : health_state(row);
  if (row.failing_since || row.failing)
    m_streaks.insert(row.site);
  else
    m_streaks.erase(row.site);
}

void SiteHealthMonitor::observe(const SiteReport& report, std::shared_ptr<const Config> config,
                                std::function<void(bool)> done) {
  auto seen = observation_of(report, unix_now());
  if (!seen) return done(false);
  // Nothing to change but the rows' updated_at: decide_health would write the same state back.
  if (seen->kind == CrawlObservation::Kind::unchanged && m_states.count(report.site) && !m_streaks.count(report.site) &&
      !m_streaks.count(""))
    return done(false);
  std::shared_ptr<const Config> recount;  // set when the configured sites may have changed since the last crawl
  if (config != m_config_counted) recount = m_config_counted = config;
  auto decision = std::make_shared<HealthDecision>();
  HealthFn decide = [decision, book = m_book, site = report.site, seen = *seen,
                     failing_after = config->service.failing_after,
                     notifiers = config->service.operator_notify](const std::vector<SiteHealth>& current) {
    *decision = decide_health(current, book->book, site, seen, failing_after);
    HealthUpdate update;
    update.rows = decision->rows;
    for (const HealthTransition& t : decision->transitions)
      if (t.announce)
        for (const std::string& notifier : notifiers) update.alerts.push_back({t.event, notifier});
    return update;
  };
  auto apply = [book = m_book, recount = std::move(recount), site = report.site,
                decide = std::move(decide)](Store& store) -> Result<HealthUpdate> {
    if (recount) {
      std::vector<std::string> names;
      names.reserve(recount->sites.size());
      for (const SiteConfig& s : recount->sites) names.push_back(s.name);
      book->book.set_sites(names);
    }
    if (!book->loaded) {  // once: every stored row, so sites not crawled yet by this process count too
      auto rows = store.site_healths();
      if (!rows) return tl::unexpected(rows.error());
      for (const SiteHealth& row : *rows) book->book.record(row);
      book->loaded = true;
    }
    auto update = store.update_health({site, ""}, decide);
    if (update)
      for (const SiteHealth& row : update->rows) book->book.record(row);  // only what was committed
    return update;
  };
  m_store.post(std::move(apply),
               m_alive.guard([this, decision, url = report.url, done = std::move(done)](Result<HealthUpdate> update) {
                 if (!update) {
                   spdlog::error("site health not recorded: {}", update.error().message);
                   return done(false);
                 }
                 for (const SiteHealth& row : update->rows) remember(row);
                 const bool queued = !update->queued.empty();
                 for (const HealthTransition& t : decision->transitions)
                   log_transition(t, t.event.site.empty() ? "" : url, queued && t.announce);
                 done(queued);
               }));
}

}  // namespace newswatch
