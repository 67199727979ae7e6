#pragma once
// The extractor interface: a page's HTML in, its listing's items out.
// Built-in extractors and the config-defined "css" one are rows of one
// registry table (registry.cpp); make_extractor() picks a row by name.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "config/error.h"
#include "config/item.h"
#include "extractors/dates.h"

namespace newswatch {

/// Per-fetch context of an extraction: how to read the site's dates (its timezone,
/// date_format, and the fetch time for "37 min ago").
struct ExtractOptions {
  DateOptions dates;
  SitemapSettings sitemap;  ///< the site's `recent` window and `max_children` (extractor "sitemap")
};

/// What an extraction noticed besides its items, for the site's health.
struct ExtractReport {
  std::size_t dates_parsed = 0;             ///< items whose date text parsed
  std::vector<std::string> dates_unparsed;  ///< date texts found on the page that did not
  std::size_t dates_clamped = 0;            ///< feed times after the fetch time, clamped to it (a zone error)
  /// How items without a usable link are known, for `status`: "" when every item is known by its link,
  /// else e.g. "guid (links unusable) for 20 of 20 entries" (feeds only).
  std::string identity;
  /// Documents the crawler should fetch in the same crawl and read with the same extractor, in order:
  /// a sitemap index's children. Empty for every other page.
  std::vector<std::string> follow_ups;
  /// Keys of items whose title is a stand-in (their link): sitemap entries without news:title.
  std::vector<std::string> untitled;
  /// Entries left out as older than the site's `recent` window, or undated in a plain sitemap.
  std::size_t entries_skipped = 0;
};

class Extractor {
 public:
  virtual ~Extractor() = default;
  /// Items of the page in page order, each once (by canonical URL), `site` left
  /// empty. Zero items is a success with an empty vector (the caller reports it
  /// as a health problem); fails with ErrorKind::parse only when the bytes
  /// cannot be read as HTML at all.
  virtual Result<std::vector<Item>> extract(std::string_view html, std::string_view page_url) const = 0;
  /// As extract(), reading dates by `options` and noting what failed in `report` (may be null);
  /// extractors that read no configured dates ignore both.
  virtual Result<std::vector<Item>> extract_with(std::string_view html, std::string_view page_url,
                                                 const ExtractOptions& options, ExtractReport* report) const {
    (void)options, (void)report;
    return extract(html, page_url);
  }
  /// True for extractors that read XML documents (feeds): the crawler then accepts any
  /// Content-Type (feeds come as application/rss+xml, text/xml, even text/html), not only HTML.
  virtual bool reads_xml() const noexcept { return false; }
};

/// The extractor named `name` ("nknews", "menafn", "joongang", "css", "feed"); fails with
/// ErrorKind::config for an unknown name or for css selectors that do not parse.
Result<std::unique_ptr<const Extractor>> make_extractor(std::string_view name,
                                                        const std::optional<SelectorConfig>& selectors = std::nullopt);

/// Every registered name, in table order.
std::vector<std::string_view> extractor_names();

/// The canonical listing URL of a built-in extractor, used when `extract` gets no --url ("" for css).
std::string_view default_page_url(std::string_view name);

/// Why a css site's selectors are unusable (missing item/title/link, a selector that
/// does not parse), or nullopt when they are fine.
std::optional<std::string> validate_selectors(const SelectorConfig& selectors);

}  // namespace newswatch
