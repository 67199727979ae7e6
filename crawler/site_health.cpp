#include "crawler/site_health.h"

#include <algorithm>

#include <fmt/format.h>

namespace newswatch {
namespace {

constexpr double k_min_weight = 2.0 / 11.0;  // an EWMA over roughly the last 10 normal crawls

std::string percent(double share) {
  return fmt::format("{:.0f}%", share * 100.0);
}

SiteHealth row_of(const std::vector<SiteHealth>& rows, const std::string& name) {
  auto found = std::find_if(rows.begin(), rows.end(), [&](const SiteHealth& h) { return h.site == name; });
  if (found != rows.end()) return *found;
  SiteHealth fresh;
  fresh.site = name;
  return fresh;
}

HealthTransition transition(const std::string& site, std::string from, std::string to, std::string reason,
                            std::int64_t at) {
  return {HealthEvent{site, std::move(from), std::move(to), std::move(reason), at}, true};
}

/// A parsed page: degraded when abnormal; healthy again after k_recover_after normal crawls in a row.
void observe_content(SiteHealth& health, const CrawlObservation& seen, std::vector<HealthTransition>& out) {
  if (auto reason = abnormal_reason(health.baseline, seen.fields)) {
    health.normal_streak = 0;
    if (health.degraded) return;  // already said: one alert per change, never one per crawl
    const std::string from = health_state(health);
    health.degraded = true;
    health.degraded_reason = *reason;
    health.degraded_since = seen.at;
    out.push_back(transition(health.site, from, "degraded", *reason, seen.at));
    return;
  }
  health.baseline = fold(health.baseline, seen.fields);
  if (!health.degraded || ++health.normal_streak < k_recover_after) return;
  health.degraded = false;
  health.degraded_reason.clear();
  health.degraded_since.reset();
  health.normal_streak = 0;
  out.push_back(transition(health.site, "degraded", "healthy",
                           fmt::format("{} normal crawls in a row", k_recover_after), seen.at));
}

/// A fetch that answered (2xx or 304) ends a failing streak.
void observe_answer(SiteHealth& health, std::int64_t at, std::vector<HealthTransition>& out) {
  health.failing_since.reset();
  health.no_answer = false;
  health.last_error.clear();
  if (!health.failing) return;
  health.failing = false;
  const bool announced = health.failing_announced;
  health.failing_announced = false;
  std::string reason = health.degraded ? "answers again; still " + health.degraded_reason : "answers again";
  auto back = transition(health.site, "failing", health_state(health), std::move(reason), at);
  back.announce = announced;  // a failing nobody was told of (network down) needs no recovery alert
  out.push_back(std::move(back));
}

void observe_failure(SiteHealth& health, const CrawlObservation& seen, std::chrono::seconds failing_after,
                     bool network_down, std::vector<HealthTransition>& out) {
  if (!health.failing_since) health.failing_since = seen.at;
  health.no_answer = !seen.answered;
  health.last_error = seen.error;
  const bool past = seen.at - *health.failing_since >= failing_after.count();
  const bool announce = !network_down;
  if (!past || (health.failing && (health.failing_announced || !announce))) return;
  // Newly failing, or failing unannounced while the network was down and the network is back now.
  const std::string from = health.degraded ? "degraded" : "healthy";
  health.failing = true;
  health.failing_announced = announce;
  auto failing = transition(health.site, from, "failing",
                            fmt::format("{} (failing for {}s)", seen.error, seen.at - *health.failing_since), seen.at);
  failing.announce = announce;
  out.push_back(std::move(failing));
}

/// The network's row after this crawl: down when every configured site fails without an answer, up at the
/// first answer. `health` is this crawl's outcome for its site; `book` has every other site's.
void judge_network(SiteHealth& network, SiteHealth& health, const HealthBook& book, const CrawlObservation& seen,
                   std::vector<HealthTransition>& out) {
  const bool answered = seen.kind != CrawlObservation::Kind::failed || seen.answered;
  if (network.failing && answered) {
    network.failing = false;
    network.failing_since.reset();
    out.push_back(transition("", "down", "up", fmt::format("site {} answered", health.site), seen.at));
    return;
  }
  if (network.failing || !book.network_looks_down_with(health)) return;
  network.failing = true;
  network.failing_since = seen.at;
  network.last_error = seen.error;
  // One alert for all: this crawl's own failing transition is covered by it.
  for (HealthTransition& t : out)
    if (t.event.site == health.site && t.event.to == "failing") t.announce = false;
  if (health.failing) health.failing_announced = false;
  out.push_back(transition(
      "", "up", "down", fmt::format("all {} sites fail without an HTTP answer, e.g. {}", book.site_count(), seen.error),
      seen.at));
}

}  // namespace

ItemFieldCounts count_fields(const std::vector<Item>& items) {
  ItemFieldCounts counts;
  counts.items = static_cast<int>(items.size());
  for (const Item& item : items) {
    if (item.published && !item.published->empty()) ++counts.with_date;
    if (!item.summary.empty()) ++counts.with_summary;
    if (!item.authors.empty()) ++counts.with_authors;
  }
  return counts;
}

std::optional<std::string> abnormal_reason(const SiteBaseline& baseline, const ItemFieldCounts& fields) {
  if (fields.items == 0) return std::string("no items on a 200 page");
  if (baseline.crawls < k_baseline_crawls) return std::nullopt;
  if (fields.items < baseline.items * k_far_fewer)
    return fmt::format("{} items, far fewer than the usual {:.0f}", fields.items, baseline.items);
  const std::pair<const char*, std::pair<double, int>> checks[] = {
      {"a date", {baseline.date, fields.with_date}},
      {"a summary", {baseline.summary, fields.with_summary}},
      {"authors", {baseline.authors, fields.with_authors}},
  };
  for (const auto& [name, check] : checks) {
    if (check.first >= k_always_there && check.second == 0)
      return fmt::format("no item has {} (usually {} do)", name, percent(check.first));
  }
  return std::nullopt;
}

SiteBaseline fold(SiteBaseline baseline, const ItemFieldCounts& fields) {
  const double weight = std::max(1.0 / (baseline.crawls + 1), k_min_weight);
  const double n = fields.items > 0 ? fields.items : 1;
  auto mix = [weight](double mean, double value) { return mean + weight * (value - mean); };
  baseline.items = mix(baseline.items, fields.items);
  baseline.date = mix(baseline.date, fields.with_date / n);
  baseline.summary = mix(baseline.summary, fields.with_summary / n);
  baseline.authors = mix(baseline.authors, fields.with_authors / n);
  ++baseline.crawls;
  return baseline;
}

HealthDecision decide_health(const std::vector<SiteHealth>& current, const HealthBook& book, const std::string& site,
                             const CrawlObservation& seen, std::chrono::seconds failing_after) {
  SiteHealth health = row_of(current, site);
  SiteHealth network = row_of(current, "");
  HealthDecision decision;
  if (seen.kind == CrawlObservation::Kind::failed) {
    observe_failure(health, seen, failing_after, network.failing, decision.transitions);
  } else {
    observe_answer(health, seen.at, decision.transitions);
    if (seen.kind == CrawlObservation::Kind::parsed) observe_content(health, seen, decision.transitions);
  }
  health.updated_at = seen.at;
  judge_network(network, health, book, seen, decision.transitions);  // with this crawl's outcome
  network.updated_at = seen.at;
  decision.rows = {health, network};
  return decision;
}

}  // namespace newswatch
