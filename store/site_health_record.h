#pragma once
// What the store keeps per site for health (crawler/site_health.h has the rules that
// change it): a rolling baseline of what a normal crawl yields, whether the site is
// degraded or failing and since when, and whether its failing was announced. The
// network as a whole is one more row, named "" (no site can be named so).

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "config/health_event.h"

namespace newswatch {

/// An exponentially weighted mean over the site's normal crawls.
struct SiteBaseline {
  int crawls = 0;      ///< normal crawls folded in
  double items = 0;    ///< items per crawl
  double date = 0;     ///< share of items with a date, 0..1
  double summary = 0;  ///< share with a summary
  double authors = 0;  ///< share with authors
};

struct SiteHealth {
  std::string site;  ///< "" for the network row
  SiteBaseline baseline;
  bool degraded = false;
  std::string degraded_reason;
  std::optional<std::int64_t> degraded_since;
  int normal_streak = 0;  ///< normal crawls in a row while degraded (recovery needs a few)
  std::optional<std::int64_t>
      failing_since;               ///< first failed fetch of the current streak; nullopt: last fetch answered
  bool failing = false;            ///< failing for longer than [service] failing_after (network row: down)
  bool failing_announced = false;  ///< an operator alert said so (not covered by "network down")
  bool no_answer = false;          ///< the last failure got no HTTP answer (network level)
  std::string last_error;
  std::int64_t updated_at = 0;
};

/// "healthy", "degraded" or "failing" (failing wins: a site that does not answer has no content to judge).
std::string health_state(const SiteHealth& health);

/// One operator alert to queue for one notifier.
struct HealthAlertRequest {
  HealthEvent event;
  std::string notifier;
};

/// What one health decision writes, in one transaction: changed rows and the alerts they cause.
struct HealthUpdate {
  std::vector<SiteHealth> rows;
  std::vector<HealthAlertRequest> alerts;
  std::vector<std::int64_t> queued;  ///< filled by the store: ids of the outbox rows created
};

/// Called inside the transaction with the stored rows it asked for (a row never stored is absent).
using HealthFn = std::function<HealthUpdate(const std::vector<SiteHealth>& current)>;

}  // namespace newswatch
