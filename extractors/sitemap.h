#pragma once
// The "sitemap" extractor: Google News sitemaps and plain sitemaps (README "News sitemaps").
//
// A <urlset> gives items: link from <loc>, title from news:title, published from news:publication_date
// (else lastmod), tags from news:keywords; newest first, each link once. Only recent entries count: an
// entry dated before the fetch time minus the site's `recent` window (default 2 days, what a news
// sitemap is meant to list) is left out, so a 50,000-URL archive neither alerts nor fills the store.
// An undated entry is kept in a news sitemap (one with a <news:news> block, which by the format lists
// recent articles only) and left out of a plain one (nothing says it is new). An entry without
// news:title gets its link as a stand-in title and is listed in ExtractReport::untitled, so the
// crawler can fetch its article's title (`fetch_titles`).
//
// A <sitemapindex> gives no items but follow-ups: its children, newest first by <lastmod> (undated
// ones after, in file order), at most `max_children`, leaving out children whose lastmod is older
// than the window (nothing recent inside). The crawler fetches them in the same crawl and reads each
// with this extractor; a child that is itself an index is not followed further.
//
// gzip is recognised by its magic bytes and inflated under k_sitemap_max_inflated_bytes.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "extractors/extractor.h"

namespace newswatch {

/// A new "sitemap" extractor.
std::unique_ptr<const Extractor> make_sitemap_extractor();

/// A sitemap as the "sitemap" extractor reads it: what a crawl takes from it (items or children) and what
/// the file holds besides, for `discover` to report exactly what a configured site would get.
struct SitemapReading {
  bool index = false;                  ///< a <sitemapindex>: children to fetch, no items
  std::size_t entries = 0;             ///< <url> (or <sitemap>) entries with a usable link, each link once
  std::vector<Item> items;             ///< a urlset's recent entries, newest first: what extract_with() returns
  std::vector<std::string> children;   ///< an index's recent children, newest first, at most max_children
  std::optional<std::int64_t> newest;  ///< unix time of the newest dated entry, recent or not
};

/// `bytes` (gzip or not) read by the sitemap extractor's rules at `options` (its `recent` window, `max_children`,
/// the fetch time); `report` (may be null) is filled as extract_with() fills it. Fails with ErrorKind::parse when the
/// bytes are not a sitemap, inflate past k_sitemap_max_inflated_bytes, or are larger than that uncompressed.
Result<SitemapReading> read_sitemap(std::string_view bytes, std::string_view page_url, const ExtractOptions& options,
                                    ExtractReport* report);

/// Unix seconds of an ISO 8601 date or date-time as parse_date() writes it ("2020-05-11",
/// "2020-05-11T09:00:01+00:00"; a date alone is its midnight UTC); nullopt for anything else.
std::optional<std::int64_t> iso_unix_seconds(std::string_view iso);

}  // namespace newswatch
