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

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>

#include "extractors/extractor.h"

namespace newswatch {

/// A new "sitemap" extractor.
std::unique_ptr<const Extractor> make_sitemap_extractor();

/// Unix seconds of an ISO 8601 date or date-time as parse_date() writes it ("2020-05-11",
/// "2020-05-11T09:00:01+00:00"; a date alone is its midnight UTC); nullopt for anything else.
std::optional<std::int64_t> iso_unix_seconds(std::string_view iso);

}  // namespace newswatch
