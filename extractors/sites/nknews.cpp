// NK News: article URLs are https://www.nknews.org/YYYY/MM/<slug>/ (free) and
// /pro/<slug>/ (NK PRO). Tool pages under /pro/ share the second shape and are
// listed by name. Podcast episodes live under /category/north-korea-news-podcast/
// and are not articles by that shape: they are audio shows, PROVENANCE counts
// 20 article URLs on the 2020 homepage without them, and a watch on news text
// should not fire on a show's blurb. An article page also yields the article
// itself (from link rel=canonical and the content-* blocks).

#include <array>

#include "extractors/blocks.h"
#include "extractors/dates.h"
#include "extractors/selector.h"
#include "extractors/sites/sites.h"
#include "extractors/url.h"

namespace newswatch {
namespace {

constexpr std::array<std::string_view, 12> k_pro_tools = {"nk-leadership-tracker",
                                                          "north-korea-ship-tracking",
                                                          "import-export",
                                                          "coronavirus-in-north-korea-tracker",
                                                          "create-chart",
                                                          "documents",
                                                          "institutional-directory",
                                                          "nk-aggregator",
                                                          "north-korea-company-database",
                                                          "north-korea-statistics-database",
                                                          "content_author",
                                                          "dashboard"};

std::optional<SitePath> nknews_path(std::string_view url, std::string_view page_url) {
  return site_path(url, page_url, {"www.nknews.org", "nknews.org"});
}

/// NK PRO articles live under /pro/<slug>/: the URL alone says the item is behind the paywall.
bool is_pro_url(std::string_view url, std::string_view page_url) {
  auto path = nknews_path(url, page_url);
  return path && !path->segments.empty() && path->segments[0] == "pro";
}

bool is_nknews_article(std::string_view url, std::string_view page_url) {
  auto path = nknews_path(url, page_url);
  if (!path || path->query_or_fragment) return false;
  const auto& seg = path->segments;
  // /YYYY/MM/<slug>/ (a numeric last segment is an archive page, not an article)
  if (seg.size() == 3)
    return seg[0].size() == 4 && all_digits(seg[0]) && seg[1].size() == 2 && all_digits(seg[1]) && !all_digits(seg[2]);
  if (seg.size() == 2 && seg[0] == "pro") {  // /pro/<slug>/, except the tool pages
    for (std::string_view tool : k_pro_tools)
      if (seg[1] == tool) return false;
    return true;
  }
  return false;
}

// The article an article page is about, when the page says which (rel=canonical).
std::optional<Item> nknews_article_itself(const HtmlDocument& doc, std::string_view page_url) {
  static const Selector k_canonical = *Selector::compile("link[rel=canonical]");
  static const Selector k_title = *Selector::compile(".content-title");
  static const Selector k_subtitle = *Selector::compile(".content-subtitle");
  static const Selector k_meta = *Selector::compile(".content-meta");
  static const Selector k_authors = *Selector::compile("a[href*='/content_author/']");
  // The canonical URL first: on a listing page it is no article, and the body is not searched.
  const GumboNode* link = k_canonical.select_first(doc.head());
  if (!link) return std::nullopt;
  std::optional<ItemUrl> url = item_url(attribute(link, "href") ? attribute(link, "href") : "", page_url);
  if (!url || !is_nknews_article(url->key, page_url)) return std::nullopt;
  const GumboNode* title = k_title.select_first(doc.root());
  if (!title) return std::nullopt;
  Item item;
  item.url = url->link;
  item.key = url->key;
  item.title = text(title);
  item.summary = text(k_subtitle.select_first(doc.root()));
  if (const GumboNode* meta = k_meta.select_first(doc.root())) {
    for (const GumboNode* a : k_authors.select(meta))
      if (std::string name = text(a); !name.empty()) item.authors.push_back(std::move(name));
    item.published = find_date(text(meta));
  }
  if (is_pro_url(url->key, page_url)) item.tags.emplace_back("NK PRO");
  if (item.title.empty()) return std::nullopt;
  return item;
}

}  // namespace

std::vector<Item> extract_nknews(const HtmlDocument& doc, std::string_view page_url) {
  std::vector<Item> items;
  if (auto self = nknews_article_itself(doc, page_url)) items.push_back(std::move(*self));
  for (const ItemBlock& block : find_item_blocks(doc.root(), page_url, is_nknews_article, {"fullContent"})) {
    Item item = card_item(block, "/content_author/", "+00:00", {"news-summary"});
    if (is_pro_url(block.url, page_url) && item.tags.empty()) item.tags.emplace_back("NK PRO");
    items.push_back(std::move(item));
  }
  return items;
}

}  // namespace newswatch
