// Korea JoongAng Daily. Article URLs: koreajoongangdaily.joins.com
// /news/YYYY-MM-DD/<section>/<sub>/<Slug>/<id>, the 2020-21 shape
// /YYYY/MM/DD/<section>[/<sub>]/<Slug>/<id>.html, and the newer host's
// www.koreajoongangdaily.com/<section>/<slug>/<id>; the trailing number is the
// key. Listing cards are whole-card links (a.media around title, excerpt and
// date). Times are KST, so a shown time gets +09:00. An article page yields
// the article itself (canonical URL, title, "Published: 13 Aug. 2025, 14:42",
// byline, tags) and then its "More in ..." and "Related Stories" headlines.

#include "extractors/blocks.h"
#include "extractors/dates.h"
#include "extractors/selector.h"
#include "extractors/sites/sites.h"
#include "extractors/url.h"

namespace newswatch {
namespace {

constexpr std::string_view k_kst = "+09:00";

bool is_joongang_article(std::string_view url, std::string_view page_url) {
  auto path = site_path(url, page_url, {"koreajoongangdaily.joins.com", "www.koreajoongangdaily.com"});
  if (!path || path->query_or_fragment) return false;
  const auto& seg = path->segments;
  // /news/YYYY-MM-DD/<section>/<sub>/<slug>/<id>
  if (seg.size() == 6 && seg[0] == "news" && seg[1].size() == 10 && seg[1][4] == '-' && all_digits(seg[5])) return true;
  // 2020-21: /YYYY/MM/DD/<section>[/<sub>]/<Slug>/<id>.html
  if ((seg.size() == 6 || seg.size() == 7) && seg[0].size() == 4 && all_digits(seg[0]) && all_digits(seg[1])) {
    std::string_view last = seg.back();
    return last.size() > 5 && last.substr(last.size() - 5) == ".html" && all_digits(last.substr(0, last.size() - 5));
  }
  // www.koreajoongangdaily.com/<section>/<slug>/<id> (the newer domain)
  bool old_domain = path->host_index == 0;
  return !old_domain && seg.size() == 3 && all_digits(seg[2]) && seg[0] != "section";
}

std::optional<Item> joongang_article_itself(const HtmlDocument& doc, std::string_view page_url) {
  static const Selector k_canonical = *Selector::compile("link[rel=canonical], meta[property='og:url']");
  static const Selector k_title = *Selector::compile(".view-article-title, h1");
  static const Selector k_published = *Selector::compile(".view-date, .article-date, .date");
  static const Selector k_byline = *Selector::compile(".byline, .article-byline, .journalist");
  static const Selector k_tags = *Selector::compile(".article-tags a, .tags a, .tag-list a");
  static const Selector k_description = *Selector::compile("meta[name=description], meta[property='og:description']");
  // The canonical URL first: on a listing page it is no article, and the body is not searched.
  const GumboNode* link = k_canonical.select_first(doc.head());
  if (!link) return std::nullopt;
  const char* href = attribute(link, "href") ? attribute(link, "href") : attribute(link, "content");
  std::optional<ItemUrl> url = item_url(href ? href : "", page_url);
  if (!url || !is_joongang_article(url->key, page_url)) return std::nullopt;
  const GumboNode* title = k_title.select_first(doc.root());
  if (!title) return std::nullopt;
  Item item;
  item.url = url->link;
  item.key = url->key;
  item.title = text(title);
  if (const GumboNode* d = k_description.select_first(doc.root()); d && attribute(d, "content"))
    item.summary = clean_text(attribute(d, "content"));
  if (const GumboNode* p = k_published.select_first(doc.root())) item.published = find_date(text(p), k_kst);
  for (const GumboNode* b : k_byline.select(doc.root()))
    if (std::string name = text(b); !name.empty()) item.authors.push_back(std::move(name));
  for (const GumboNode* t : k_tags.select(doc.root()))
    if (std::string tag_text = text(t); !tag_text.empty()) item.tags.push_back(std::move(tag_text));
  if (item.title.empty()) return std::nullopt;
  return item;
}

}  // namespace

std::vector<Item> extract_joongang(const HtmlDocument& doc, std::string_view page_url) {
  std::vector<Item> items;
  if (auto self = joongang_article_itself(doc, page_url)) items.push_back(std::move(*self));
  for (const ItemBlock& block : find_item_blocks(doc.root(), page_url, is_joongang_article, {"article_body"})) {
    Item item = card_item(block, "/reporter/", k_kst, {"article-content"});
    items.push_back(std::move(item));
  }
  return items;
}

}  // namespace newswatch
