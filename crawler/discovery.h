#pragma once
// `newswatch discover`: the sources a user could watch for one site, best first.
//
// The page is fetched (or taken from a saved file) and decoded as the crawler
// decodes one. Candidates come from what the site says and from what sites
// commonly do: the feeds its <link rel="alternate"> names (else a few common
// feed paths, probed until one answers with a feed), the news sitemaps its
// robots.txt names (else a few common news sitemap names), and the page
// itself read by `auto`. Each candidate is fetched once (GET: HEAD answers lie)
// under robots.txt, the per-host gap, the size cap and a request budget, then
// judged (discovery_checks.h) and ranked. A failure is a finding with its
// reason, never the end of the run; only an unreadable page ends it.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "config/clock.h"
#include "config/config.h"
#include "config/error.h"
#include "crawler/discovery_source.h"

namespace newswatch {

/// Requests one discover run may send, robots.txt included.
inline constexpr int k_discover_max_requests = 15;
/// Feeds named by the page fetched at most (comments feeds last).
inline constexpr std::size_t k_discover_named_feeds = 4;
/// Common feed paths probed at most, when the page names no feed.
inline constexpr std::size_t k_discover_feed_probes = 4;
/// Sitemaps fetched at most: named in robots.txt, then common news sitemap names.
inline constexpr std::size_t k_discover_sitemap_checks = 3;

struct DiscoverRequest {
  std::string url;                        ///< the page's URL; "" with a saved page that states its own
  std::optional<std::string> saved_page;  ///< --file: the page, already decoded to UTF-8; no network without `url`
  ServiceConfig service;                  ///< user agent, timeouts, body cap, private_networks, respect_robots
  Millis gap{1000};                       ///< between two requests to one host
  int max_requests = k_discover_max_requests;
  std::int64_t now = 0;  ///< unix seconds, for "2 h ago" and recency
};

struct DiscoveryReport {
  std::string page_url;           ///< the page as read (after redirects)
  std::vector<Finding> findings;  ///< ranked, best first
  int requests = 0;               ///< HTTP requests sent
};

/// The ranked sources of the page `request` names; fails (with the URL and why) only when the page itself cannot
/// be read: not fetched, not 2xx, refused by robots.txt or the address policy, or no URL to read it as.
Result<DiscoveryReport> discover(const DiscoverRequest& request);

}  // namespace newswatch
