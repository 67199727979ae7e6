#pragma once
// Is a fetched document a sitemap, and how much recent news does it list?
// A stand-in for the "sitemap" extractor: the root element must be <urlset> or
// <sitemapindex> (any namespace prefix); entries are its <url> (or <sitemap>)
// elements; an entry is recent when its news:publication_date, or else its
// lastmod, falls within the window. A plain scan, bounded by the document's
// size, with no XML parser: it only has to tell a sitemap from anything else.

#include <cstdint>
#include <optional>
#include <string_view>

namespace newswatch {

/// How far back a sitemap entry counts as news (the news sitemap format's two days).
inline constexpr std::int64_t k_sitemap_recent_seconds = 2 * 86400;

struct SitemapCheck {
  bool index = false;                  ///< <sitemapindex>: its entries are child sitemaps
  int entries = 0;                     ///< <url> or <sitemap> elements
  int recent = 0;                      ///< entries dated within k_sitemap_recent_seconds of `now`
  std::optional<std::int64_t> newest;  ///< unix time of the newest dated entry
};

/// The local name of the document's first element ("urlset" for <ns:urlset ...>), skipping the XML declaration,
/// comments, processing instructions and a DOCTYPE; "" when there is none.
std::string_view xml_root_name(std::string_view document);

/// The sitemap `document` is, read at `now` (unix seconds); nullopt when it is not one.
std::optional<SitemapCheck> check_sitemap(std::string_view document, std::int64_t now);

}  // namespace newswatch
