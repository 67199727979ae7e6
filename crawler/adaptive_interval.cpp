#include "crawler/adaptive_interval.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "crawler/scheduler.h"

namespace newswatch {
namespace {

constexpr double k_seconds_per_day = 86400.0;

// Whole minutes read better in status and barely change a crawl's timing.
Seconds whole_minutes(Seconds s) {
  return s >= Seconds{60} ? Seconds{s.count() / 60 * 60} : s;
}

std::string rate_text(double per_day) {
  return per_day >= 10 || per_day == 0 ? fmt::format("{:.0f}", per_day) : fmt::format("{:.1f}", per_day);
}

}  // namespace

AutoInterval auto_interval(const NewItemCount& counts, std::int64_t now, Seconds min_interval, Seconds max_interval) {
  AutoInterval out;
  max_interval = std::max(max_interval, min_interval);
  std::int64_t start = now - k_rate_window.count();
  if (counts.baseline_at) start = std::max(start, *counts.baseline_at);
  if (!counts.baseline_at || start >= now) {  // nothing observed yet
    out.interval = min_interval;
    out.bound = AutoInterval::Bound::min;
    return out;
  }
  out.span = Seconds{now - start};
  out.new_items = std::max<std::int64_t>(counts.new_items, 0);
  out.new_per_day = static_cast<double>(out.new_items) * k_seconds_per_day / static_cast<double>(out.span.count());
  const double period =
      static_cast<double>(out.span.count()) / static_cast<double>(std::max<std::int64_t>(out.new_items, 1));
  // span <= 7d, so the quotient always fits; computed in double so no count can divide to zero.
  const Seconds wanted = whole_minutes(Seconds{static_cast<Seconds::rep>(period / k_crawls_per_gap)});
  out.interval = std::clamp(wanted, min_interval, max_interval);
  if (wanted < min_interval)
    out.bound = AutoInterval::Bound::min;
  else if (wanted > max_interval)
    out.bound = AutoInterval::Bound::max;
  return out;
}

Result<AutoInterval> auto_interval_from_store(Store& store, const SiteConfig& site, std::int64_t now) {
  auto counts = store.new_item_count(site.name, now - k_rate_window.count(), now);
  if (!counts) return tl::unexpected(counts.error());
  return auto_interval(*counts, now, site.min_interval, site.max_interval);
}

std::optional<AutoInterval> replan_auto_site(Store& store, const SiteConfig& site, const CrawlOutcome& outcome,
                                             const ReplanInputs& inputs) {
  if (!site.auto_interval) return std::nullopt;
  auto chosen = auto_interval_from_store(store, site, outcome.at);
  if (!chosen) {
    spdlog::warn("auto interval unknown site={} url={}: {}", site.name, site.url, chosen.error().message);
    return std::nullopt;
  }
  if (outcome.next_due_at) {  // a failure by hand plans nothing: the service's due time stays
    const Millis delay =
        planned_delay(chosen->interval, inputs.failures, inputs.max_backoff, inputs.retry_after, inputs.fresh_for);
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(delay).count();
    if (auto stored = store.set_next_due(site.name, outcome.at + seconds); !stored)
      spdlog::warn("auto interval not stored site={} url={}: {}", site.name, site.url, stored.error().message);
  }
  return *chosen;
}

std::string describe(const AutoInterval& chosen) {
  const char* bound = chosen.bound == AutoInterval::Bound::min   ? " (min)"
                      : chosen.bound == AutoInterval::Bound::max ? " (max)"
                                                                 : "";
  if (chosen.span.count() == 0)
    return fmt::format("auto: no history yet → {}{}", format_duration(chosen.interval), bound);
  return fmt::format("auto: {} new/day over {} → {}{}", rate_text(chosen.new_per_day),
                     format_duration(whole_minutes(chosen.span)), format_duration(chosen.interval), bound);
}

}  // namespace newswatch
