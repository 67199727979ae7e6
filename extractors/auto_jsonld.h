#pragma once
// What a page says about its own listing, before any guessing from its layout:
// JSON-LD (<script type="application/ld+json">: an ItemList's itemListElement,
// or NewsArticle/Article/BlogPosting objects, in @graph or arrays) and microdata
// (itemscope elements typed *Article or BlogPosting, with itemprop headline/name,
// url, datePublished, description, author). Scripts are bounded in size and
// nesting before nlohmann parses them, and the parsed JSON is walked with an
// explicit stack. Only links on the page's site that are not section fronts,
// tags or authors are kept (auto_urls.h).

#include <string_view>
#include <vector>

#include "config/item.h"
#include "extractors/dates.h"
#include "extractors/html.h"

namespace newswatch {

/// Which structured data an item came from ("json-ld" or "microdata"), and the items.
struct StructuredListing {
  std::string_view source;
  std::vector<Item> items;  ///< page order, duplicates merged
};

/// Articles the page's JSON-LD lists (first), else its microdata; items without a
/// title or an on-site article link are dropped. Empty when the page says nothing.
StructuredListing structured_listing(const HtmlDocument& doc, std::string_view page_url, const DateOptions& dates);

/// The `articleBody` of the first NewsArticle/Article/BlogPosting object in the page's JSON-LD that has one,
/// as written (newlines kept); "" when none does. Scripts are bounded as for structured_listing.
std::string json_ld_article_body(const HtmlDocument& doc);

}  // namespace newswatch
