// MENAFN-format press-release listings ("North Korea Journal"): each item is a
// headline linking to https://menafn.com/<numeric id>/<Title-Slug> and an
// excerpt beginning "(MENAFN" cut with "...". The excerpt is kept as the page
// shows it; ignoring the "(MENAFN)" prefix is the matcher's business.

#include "extractors/blocks.h"
#include "extractors/sites/sites.h"

namespace newswatch {
namespace {

bool is_menafn_article(std::string_view url) {
  for (std::string_view prefix : {"https://menafn.com/", "https://www.menafn.com/"}) {
    if (url.substr(0, prefix.size()) != prefix) continue;
    std::string_view path = url.substr(prefix.size());
    size_t slash = path.find('/');
    if (slash == 0 || slash == std::string_view::npos) return false;
    for (size_t i = 0; i < slash; ++i)
      if (path[i] < '0' || path[i] > '9') return false;
    std::string_view slug = path.substr(slash + 1);
    return !slug.empty() && slug != "/";
  }
  return false;
}

}  // namespace

std::vector<Item> extract_menafn(const HtmlDocument& doc, std::string_view page_url) {
  std::vector<Item> items;
  for (const ItemBlock& block : find_item_blocks(doc.root(), page_url, is_menafn_article)) {
    Item item;
    item.url = block.url;
    item.title = block.title;
    fill_card_fields(block, item, "/author/", "+00:00", {"desc"});
    items.push_back(std::move(item));
  }
  return items;
}

}  // namespace newswatch
