#pragma once
// robots.txt (RFC 9309).
//
// Parsing: lines are `key: value`, keys case-insensitive, `#` starts a comment.
// One or more consecutive user-agent lines open a group; the rules that follow
// belong to it. We obey the groups whose user-agent equals our product token
// ("newswatch", compared case-insensitively; a "newswatch/0.1" line also
// counts), merged if there are several; failing that the "*" groups, merged;
// failing that everything is allowed. Only the first 500 KiB are parsed
// (RFC 9309 2.5 sets that as the minimum a crawler must read), cut back to
// the last whole line so a rule split by the limit is not read as a shorter
// one. A longer file is fetched up to k_robots_fetch_limit and used, never
// treated as a failure.
//
// Matching: the rule with the longest pattern that matches the path wins; on
// a tie Allow wins. `*` matches any run of characters, a trailing `$` anchors
// the end. An empty Disallow means nothing. /robots.txt itself is always
// allowed. Pattern and path are both normalised before comparing: escapes of
// unreserved characters are decoded (%7E -> ~), other escapes get upper-case
// hex, and non-ASCII bytes are percent-encoded.
//
// Crawl-delay is non-standard but common; it is exposed so the politeness
// layer can use max(per_host_delay, crawl_delay).
//
// Cache policy (RobotsCache; the service fetches, this stores):
//   2xx        -> parse the body; keep 24 h.
//   4xx        -> no robots.txt: allow everything; keep 24 h. (429 is treated as 5xx.)
//   5xx/unreachable -> RFC 9309 2.3.1.3: assume complete disallow. If a good copy
//                 was cached before, keep using it instead. Retry after 1 h.
// Redirects are followed by the HTTP client (RFC asks for at least five hops).

#include <algorithm>
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/clock.h"

namespace newswatch {

/// How much of a robots.txt parse_robots() reads (RFC 9309 2.5: at least 500 KiB).
inline constexpr std::size_t k_robots_parse_limit = 500 * 1024;
/// How much of a robots.txt is downloaded; the rest of a longer file is never fetched.
inline constexpr std::size_t k_robots_fetch_limit = 512 * 1024;

/// Why `path` of `origin` may not be fetched under its robots.txt, the one wording for fresh and cached rules:
/// `status` is the answer the rules come from (5xx and 429 mean "disallow all until it recovers").
std::string robots_disallow_reason(std::string_view origin, std::string_view path, int status);

class RobotsRules {
 public:
  struct Rule {
    std::string pattern;  ///< normalised path pattern, may hold `*` and a trailing `$`
    bool allow = false;
  };

  /// Rules that allow every path.
  static RobotsRules allow_all();
  /// Rules that disallow every path (but /robots.txt).
  static RobotsRules disallow_all();

  /// True when `path_and_query` (e.g. "/news/?page=2"; empty means "/") may be fetched.
  bool allowed(std::string_view path_and_query) const;

  /// The Crawl-delay of the group we obey, if it had one.
  std::optional<Millis> crawl_delay() const noexcept { return m_crawl_delay; }

  /// The rules of the group we obey, in file order.
  const std::vector<Rule>& rules() const noexcept { return m_rules; }

 private:
  friend RobotsRules parse_robots(std::string_view text, std::string_view product_token);
  std::vector<Rule> m_rules;
  std::optional<Millis> m_crawl_delay;
};

/// Parses robots.txt `text` for the crawler whose product token is `product_token` (a full user agent such as
/// "newswatch/0.1 (+https://...)" is reduced to "newswatch"). Never fails: unparsable lines are ignored.
RobotsRules parse_robots(std::string_view text, std::string_view product_token);

/// True when `pattern` (normalised, with `*` and trailing `$`) matches the start of normalised `path`.
bool robots_pattern_matches(std::string_view pattern, std::string_view path);

/// Normalises a path or pattern for comparison (see the file comment); `*` and `$` pass through.
std::string normalise_robots_path(std::string_view path);

/// "scheme://host[:port]" of `url`, lower-cased (the cache key), or "" when `url` has no scheme and host.
std::string robots_origin(std::string_view url);

/// The path and query of `url` without the fragment ("/" when empty), for RobotsRules::allowed().
std::string robots_path(std::string_view url);

/// Cached robots.txt rules per origin, with expiry; pure: time is a parameter. Bounded: trim() drops
/// expired entries and then the least recently used ones, so origins seen once (a follow-up's article host)
/// do not pile up; an origin asked about at least as often as others stays.
class RobotsCache {
 public:
  /// Origins held by default: twice the 10,000 sites the service is sized for (each has an origin, and
  /// its follow-ups mostly share it), so a live site is never evicted by one-off origins.
  static constexpr std::size_t k_default_max_origins = 20'000;
  static constexpr std::chrono::hours k_ttl{24};
  static constexpr std::chrono::hours k_error_ttl{1};
  /// How long a good copy may stand in while robots.txt keeps failing with 5xx (RFC 9309 2.3.1.3: 30 days).
  static constexpr std::chrono::hours k_stale_limit{24 * 30};

  explicit RobotsCache(std::size_t max_origins = k_default_max_origins)
      : m_max(std::max<std::size_t>(max_origins, 1)) {}

  /// Records the answer to a robots.txt fetch: `status` 0 means unreachable. Returns the rules now in force.
  const RobotsRules& store_response(const std::string& origin, int status, std::string_view body,
                                    std::string_view product_token, SteadyTime now);

  /// Stores `rules` for `origin` until now + ttl; `from_success` marks a parsed 2xx copy, reusable on later 5xx;
  /// `status` is the HTTP answer they come from.
  void store(const std::string& origin, RobotsRules rules, SteadyTime now, Millis ttl, bool from_success = true,
             int status = 200);

  /// The unexpired rules for `origin` (marked used at `now`), or nullptr when the caller must (re)fetch robots.txt.
  const RobotsRules* find(const std::string& origin, SteadyTime now);

  /// The HTTP status of the answer the rules of `origin` come from (a kept good copy keeps its 2xx); 0 when unknown.
  int status(const std::string& origin) const;

  /// Drops expired entries that hold no successful copy worth keeping; returns how many were dropped.
  std::size_t prune(SteadyTime now);

  /// Keeps the cache within its cap once it has grown past the last trim's mark: prune(), then the least
  /// recently used entries down to 3/4 of the cap. The O(n) pass runs after n/4 or more new entries, so it is
  /// O(1) amortised per entry stored. Returns how many were dropped.
  std::size_t trim(SteadyTime now);

  /// Entries held (expired or not).
  std::size_t size() const noexcept { return m_entries.size(); }

 private:
  struct Entry {
    RobotsRules rules;
    SteadyTime expires;
    SteadyTime last_used;                  ///< stored or found: the LRU order trim() evicts by
    std::optional<SteadyTime> success_at;  ///< when a 2xx copy was stored: reusable when a later fetch hits a 5xx
    int status = 0;                        ///< the answer `rules` come from
  };
  std::size_t evict_least_recently_used(std::size_t keep);

  std::size_t m_max;
  std::size_t m_trim_at = k_first_trim;  ///< size past which trim() does its pass
  static constexpr std::size_t k_first_trim = 64;
  std::map<std::string, Entry> m_entries;
};

}  // namespace newswatch
