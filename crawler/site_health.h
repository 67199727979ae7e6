#pragma once
// Health that notices: the rules that turn one crawl of a site into a change of
// its health, and the network's, as pure functions (the store applies them in one
// transaction with the operator alerts they cause: crawler/site_health_monitor.h).
//
// Content. Each site keeps a baseline: an exponentially weighted mean, over its
// normal crawls, of items per crawl and of the shares of items with a date, a
// summary and authors (weight max(1/n, 2/11): a plain mean for the first crawls,
// then roughly the last 10). A parsed 200 page is abnormal when it yields no items;
// or, once the baseline holds k_baseline_crawls crawls, fewer than a third of the
// baseline's items, or none with a field that at least 90% of items had. An
// abnormal crawl marks the site degraded and is not folded into the baseline (a
// broken page must not become the new normal); k_recover_after normal crawls in a
// row make it healthy again, so a site on the edge does not flap. A page that did
// not change (304, same bytes) says nothing about content and keeps the state.
//
// Fetching. A site whose fetches fail (no answer, or an HTTP error) for longer than
// [service] failing_after is failing; one answer ends it. When every site (two or
// more) is failing or in a failing streak without an HTTP answer, that is the
// network, not the sites: one "network down" transition, and the sites' own
// failing transitions are not announced; the first answer from anywhere is
// "network back". A site still failing after that is announced at its next failure.
// The rule reads counters kept per row (crawler/health_book.h), so a crawl's
// decision is O(1) whatever the number of sites.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "config/item.h"
#include "crawler/health_book.h"
#include "store/site_health_record.h"

namespace newswatch {

inline constexpr int k_baseline_crawls = 5;  ///< normal crawls before "far fewer" and "lost a field" apply
inline constexpr int k_recover_after = 3;    ///< normal crawls in a row that end a degraded state
inline constexpr double k_far_fewer = 1.0 / 3.0;
inline constexpr double k_always_there = 0.9;

/// How many items a page yielded and how many of them had each field.
struct ItemFieldCounts {
  int items = 0;
  int with_date = 0;
  int with_summary = 0;
  int with_authors = 0;
};

/// Counts `items` and their fields.
ItemFieldCounts count_fields(const std::vector<Item>& items);

/// What one crawl of a site says about its health.
struct CrawlObservation {
  enum class Kind { parsed, unchanged, failed };
  Kind kind = Kind::parsed;
  ItemFieldCounts fields;  ///< parsed: what the page yielded
  bool answered = false;   ///< failed: an HTTP status came back (not the network)
  std::string error;       ///< failed: why
  std::int64_t at = 0;     ///< unix seconds
};

/// A change of one site's (or, site "", the network's) state.
struct HealthTransition {
  HealthEvent event;
  bool announce = true;  ///< false: covered by "network down", logged only
};

/// The rows to write and the transitions caused by one observation of `site`.
struct HealthDecision {
  std::vector<SiteHealth> rows;
  std::vector<HealthTransition> transitions;
};

/// Why a parsed page is abnormal against `baseline`, or nullopt when it is normal.
std::optional<std::string> abnormal_reason(const SiteBaseline& baseline, const ItemFieldCounts& fields);

/// `baseline` with one normal crawl folded in.
SiteBaseline fold(SiteBaseline baseline, const ItemFieldCounts& fields);

/// Applies `seen` (a crawl of `site`) to `current`, the stored rows of `site` and of the network (either may be
/// missing: a fresh row); `book` holds every other configured site's state for the network rule. Never fails.
HealthDecision decide_health(const std::vector<SiteHealth>& current, const HealthBook& book, const std::string& site,
                             const CrawlObservation& seen, std::chrono::seconds failing_after);

}  // namespace newswatch
