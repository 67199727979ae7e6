#pragma once
// An operator alert's subject: a site's health changed (healthy, degraded, failing), or the
// network as a whole went down or came back. It travels through the same outbox as item
// alerts (durable, leased, sent once), in a row that names no item.

#include <cstdint>
#include <string>

namespace newswatch {

struct HealthEvent {
  std::string site;     ///< the site; "" for the network as a whole
  std::string from;     ///< "healthy" | "degraded" | "failing"; for the network "up" | "down"
  std::string to;       ///< the state entered
  std::string reason;   ///< why, in words ("no items on a 200 page", "HTTP 503 from URL since ...")
  std::int64_t at = 0;  ///< unix seconds of the crawl that changed it
};

/// One line saying what happened: "site nknews degraded: no items on a 200 page",
/// "site nknews healthy again (was degraded)", "network down: ...", "network back".
std::string describe(const HealthEvent& event);

}  // namespace newswatch
