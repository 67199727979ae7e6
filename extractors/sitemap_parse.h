#pragma once
// A sitemap's XML as plain records, before any judgement: a <urlset> gives one SitemapUrl per <url>
// (loc and lastmod of the sitemap namespace, title, publication date and keywords of the Google News
// namespace at any prefix), a <sitemapindex> one SitemapChild per <sitemap>. One streaming pass
// (xml_doc.h), bounded by the entry count and by the text kept per field.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "config/error.h"
#include "config/limits.h"

namespace newswatch {

/// The Google News sitemap namespace (news:news, news:title, news:publication_date, news:keywords).
inline constexpr std::string_view k_news_namespace = "http://www.google.com/schemas/sitemap-news/0.9";

/// One <url> of a urlset; texts trimmed and whitespace-collapsed, "" when absent.
struct SitemapUrl {
  std::string loc;
  std::string lastmod;
  std::string news_title;
  std::string publication_date;
  std::string keywords;
  bool news = false;  ///< it has a <news:news> block: a news sitemap entry
};

/// One <sitemap> of a sitemap index.
struct SitemapChild {
  std::string loc;
  std::string lastmod;
};

struct SitemapDocument {
  bool index = false;  ///< a <sitemapindex> (children) rather than a <urlset> (urls)
  std::vector<SitemapUrl> urls;
  std::vector<SitemapChild> children;
  bool truncated = false;  ///< more entries than the limit: the rest were not read
  std::string stopped;     ///< libxml2's error where reading stopped early ("" when read to the end)
};

/// The records of the sitemap XML `xml` (not compressed; see sitemap_gzip.h), at most `max_entries` of them.
/// Fails with ErrorKind::parse when the document is not XML or its root is neither <urlset> nor
/// <sitemapindex> (naming the root it found).
Result<SitemapDocument> parse_sitemap_xml(std::string_view xml, std::string_view url,
                                          std::size_t max_entries = k_sitemap_max_entries);

}  // namespace newswatch
