#pragma once
// The accepted range of every duration and size in the config, in one table.
// TableReader::duration() and ::byte_size() look the key up here, so a value
// outside its row is a located config error (`interval "1000000d" is out of
// range (10s..30d)`) instead of something later code has to survive: an
// unbounded interval once overflowed the scheduler's clock and crawled a
// site thousands of times a second.
//
// Why these bounds, for a service that watches news listings:
//   interval         10s..30d  faster hammers a site; a listing unread for a month is not watched
//   min_interval,    10s..30d  the bounds of interval = "auto", for the same reasons
//   max_interval
//   jitter            0s..1d   spread only (it must also stay below interval)
//   per_host_delay    0s..1h   0 for loopback tests; an hour between requests is already glacial
//   connect_timeout   1s..10m
//   request_timeout   1s..10m  a listing page that takes longer is not coming
//   max_backoff       1s..7d   a failing site is still retried weekly
//   digest            0s..7d   0 sends each alert at once; a weekly digest is the longest batch
//   failing_after     1s..30d  how long fetches may fail before a site counts as failing (operator alert)
//   lease            8s..1d   shared mode: how long a silent process keeps its sites (heartbeats every 1/8)
//   max_body_size    1KB..1GB
//   recent            1h..30d  a news sitemap lists 2 days; a month of a 50,000-URL sitemap is an archive
//   article_timeout   1s..10m  how long a crawl's alerts wait for its article pages
// Keys are unique across sections, so the key alone names the row.

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

#include "config/config.h"

namespace newswatch {

/// The inclusive range of one duration key.
struct DurationLimit {
  std::string_view section;  ///< "service", "site" or "notify"
  std::string_view key;
  Seconds min;
  Seconds max;
};

/// The inclusive range of one byte-size key.
struct SizeLimit {
  std::string_view section;
  std::string_view key;
  std::size_t min;
  std::size_t max;
};

inline constexpr Seconds k_day{86400};

inline constexpr std::array<DurationLimit, 14> k_duration_limits{{
    {"site", "interval", Seconds{10}, k_day * 30},
    {"site", "min_interval", Seconds{10}, k_day * 30},
    {"site", "max_interval", Seconds{10}, k_day * 30},
    {"site", "jitter", Seconds{0}, k_day},
    {"service", "per_host_delay", Seconds{0}, Seconds{3600}},
    {"service", "connect_timeout", Seconds{1}, Seconds{600}},
    {"service", "request_timeout", Seconds{1}, Seconds{600}},
    {"service", "max_backoff", Seconds{1}, k_day * 7},
    {"notify", "digest", Seconds{0}, k_day * 7},
    {"service", "keep", k_day, k_day * 3650},
    {"service", "failing_after", Seconds{1}, k_day * 30},
    {"service", "lease", Seconds{8}, k_day},
    {"site", "recent", Seconds{3600}, k_day * 30},
    {"site", "article_timeout", Seconds{1}, Seconds{600}},
}};

inline constexpr std::array<SizeLimit, 1> k_size_limits{{
    {"service", "max_body_size", std::size_t{1} << 10, std::size_t{1} << 30},
}};

// Sitemaps. The protocol (sitemaps.org) caps a sitemap at 50,000 URLs and 50 MB uncompressed; a file past
// either is refused at that bound rather than read on (a gzip bomb inflates 50 KB to gigabytes).
inline constexpr std::size_t k_sitemap_max_inflated_bytes = std::size_t{50} << 20;
inline constexpr std::size_t k_sitemap_max_entries = 50000;
/// `max_children` of a sitemap index: each child is one more polite request per crawl.
inline constexpr int k_sitemap_max_children = 50;
/// `max_title_fetches`: each is one more polite request per crawl to the article's host.
inline constexpr int k_sitemap_max_title_fetches = 100;

/// `max_article_fetches`: each is one more polite request per crawl to the article's host.
inline constexpr int k_max_article_fetches = 100;

/// The size in the largest unit that divides it exactly, read back by parse_byte_size: 1024 -> "1KB", 1000 -> "1000B".
std::string format_byte_size(std::size_t bytes);

/// The row for duration key `key`, or nullptr when the table has none.
const DurationLimit* find_duration_limit(std::string_view key);

/// The row for size key `key`, or nullptr when the table has none.
const SizeLimit* find_size_limit(std::string_view key);

}  // namespace newswatch
