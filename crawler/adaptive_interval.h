#pragma once
// interval = "auto": how often to crawl a site, from how often it publishes.
//
// Miniflux's entry-frequency scheduler sets a feed's interval from the number
// of entries it published in the last week. Here the rate is of items this
// service saw for the first time (first_seen in the store), not of the dates a
// page claims (often missing, wrong, or in another zone). The baseline crawl
// stores a whole listing at one time; those items are the site's past, so the
// observed window opens after it:
//
//   window   = (max(baseline, now - 7d), now]        span S = its length
//   new      = items first seen in the window
//   period   = S / max(new, 1)                       the mean gap between new items
//   interval = clamp(period / 4, min_interval, max_interval)
//              (whole minutes once above a minute)
//
// Four crawls per mean gap: a new item waits an eighth of the site's rhythm on
// average. A quiet window counts as one item, so the interval of a site that
// stops publishing grows with the quiet time instead of jumping to
// max_interval after one empty crawl; a site with no history (never crawled,
// or only its baseline moments ago) starts at min_interval.
//
// Pure: the counts come from Store::new_item_count(), `now` is a parameter.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "config/clock.h"
#include "config/config.h"
#include "store/store.h"

namespace newswatch {

/// How far back the rate of new items is observed.
inline constexpr Seconds k_rate_window{7 * 86400};
/// Crawls per mean gap between new items.
inline constexpr int k_crawls_per_gap = 4;

/// The interval an auto site gets, and why.
struct AutoInterval {
  Seconds interval{0};
  Seconds span{0};  ///< the observed window; 0: no history yet
  std::int64_t new_items = 0;
  double new_per_day = 0;
  enum class Bound { none, min, max } bound = Bound::none;  ///< which limit clamped it
};

/// The interval for counts taken at `now` (unix seconds) within [min_interval, max_interval].
AutoInterval auto_interval(const NewItemCount& counts, std::int64_t now, Seconds min_interval, Seconds max_interval);

/// Store::new_item_count()'s window for `now`: [now - k_rate_window, now].
Result<AutoInterval> auto_interval_from_store(Store& store, const SiteConfig& site, std::int64_t now);

/// What the crawl knows of its own outcome, for replan_auto_site().
struct ReplanInputs {
  int failures = 0;  ///< the streak after this crawl
  Millis max_backoff{0};
  std::optional<std::chrono::seconds> retry_after;
  std::optional<std::chrono::seconds> fresh_for;
};

/// After the crawl of an auto site is stored (store thread): its interval from the store's counts at outcome.at,
/// and, when the crawl planned a next due time, that time rewritten as at + planned_delay(interval, ...).
/// nullopt for a fixed site, or when the store fails (logged; the scheduler keeps the site's last interval).
std::optional<AutoInterval> replan_auto_site(Store& store, const SiteConfig& site, const CrawlOutcome& outcome,
                                             const ReplanInputs& inputs);

/// "auto: 14 new/day over 7d → 25m", "auto: no history yet → 5m (min)": what status and the log show.
std::string describe(const AutoInterval& chosen);

}  // namespace newswatch
