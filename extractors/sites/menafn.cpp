// MENAFN-format press-release listings ("North Korea Journal"): each item is a
// headline linking to https://menafn.com/<numeric id>/<Title-Slug> and an
// excerpt beginning "(MENAFN" cut with "...". The excerpt is kept as the page
// shows it; ignoring the "(MENAFN)" prefix is the matcher's business.

#include "extractors/blocks.h"
#include "extractors/sites/sites.h"

namespace newswatch {
namespace {

bool is_menafn_article(std::string_view url, std::string_view page_url) {
  // /<numeric id>/<Title-Slug>: the id grows over time and is the stable identity
  auto path = site_path(url, page_url, {"menafn.com", "www.menafn.com"});
  // (/2025/08/ is a monthly archive: ids have at least six digits, slugs are not numbers)
  return path && !path->query_or_fragment && path->segments.size() == 2 && path->segments[0].size() >= 6 &&
         all_digits(path->segments[0]) && !all_digits(path->segments[1]);
}

}  // namespace

std::vector<Item> extract_menafn(const HtmlDocument& doc, std::string_view page_url) {
  std::vector<Item> items;
  for (const ItemBlock& block : find_item_blocks(doc.root(), page_url, is_menafn_article)) {
    Item item = card_item(block, "/author/", "+00:00", {"desc"});
    items.push_back(std::move(item));
  }
  return items;
}

}  // namespace newswatch
