#pragma once
// The vocabulary of `newswatch discover`: a Candidate is a source the site may
// offer (a feed, a news sitemap, the page itself read by `auto`), found in the
// page, in robots.txt or at a common path; a Finding is that candidate after it
// was fetched once and checked (or why it could not be).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace newswatch {

enum class SourceKind { feed, sitemap, page };

/// "feed", "sitemap" or "page".
const char* to_string(SourceKind kind) noexcept;

/// The extractor a site reading this kind of source names: "feed", "sitemap" or "auto".
const char* extractor_for(SourceKind kind) noexcept;

struct Candidate {
  SourceKind kind = SourceKind::feed;
  std::string url;         ///< absolute http(s)
  std::string found_by;    ///< "<link rel=alternate>", "common path", "robots.txt Sitemap:", "the page itself"
  std::string title;       ///< a <link rel=alternate>'s title attribute; "" otherwise
  bool json_feed = false;  ///< named as application/feed+json or application/json: a JSON Feed, if anything
};

struct Finding {
  Candidate candidate;
  bool ok = false;                     ///< fetched and yields entries (or a valid, empty source)
  bool checked = false;                ///< fetched and judged; false when never fetched
  std::string failure;                 ///< why it is not a usable source ("HTTP 404", "not a feed", ...)
  int entries = 0;                     ///< feed entries, sitemap URLs (or child sitemaps), articles on the page
  int recent = 0;                      ///< entries dated within the kind's recency window
  std::optional<std::int64_t> newest;  ///< unix time of the newest dated entry
  std::vector<std::string> titles;     ///< the first few entry titles
  bool sitemap_index = false;          ///< a <sitemapindex> rather than a <urlset>
  int untitled = 0;                    ///< sitemap: recent entries without news:title (their link stands in)
  std::vector<std::string> children;   ///< sitemap index: the children a crawl reads, newest first
  std::string child_read;              ///< sitemap index: the child discover read for `recent` ("" when none)
  std::string child_failure;           ///< sitemap index: why that child could not be read ("" when it was)
};

}  // namespace newswatch
