#pragma once
// Item blocks: the anchor-first strategy of DESIGN.md shared by the built-in
// extractors. One walk over the document finds every link whose canonical URL
// has the site's article shape (a "marker") and gives each element a state:
// no marker below it, markers of exactly one article below it, or of several.
// An item's block is then the largest ancestor of its title link holding only
// that article; where that ancestor's parent mixes articles, the block widens
// over neighbouring siblings that hold no other article (a listing often keeps
// the heading, excerpt and byline as siblings). Class names never decide.

#include <gumbo.h>

#include <boost/container/small_vector.hpp>

#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/item.h"

namespace newswatch {

/// Children [lo, hi) of `parent`: one item's part of the page. Children [lead, lo) are the
/// unmarked siblings between the previous item and this one (a label of this item may sit there).
struct Block {
  const GumboNode* parent = nullptr;
  unsigned lo = 0, hi = 0;
  unsigned lead = 0;
};

/// A title link and the block around it.
struct ItemBlock {
  std::string url;              ///< the article's key (canonical URL: its identity)
  std::string link;             ///< the article's link as the page first gave it
  const GumboNode* anchor;      ///< the <a> carrying the title (or wrapping the card)
  const GumboNode* title_node;  ///< the heading holding the anchor, a "*title*" element in it, or the anchor
  std::string title;            ///< the title's visible text
  Block block;
};

/// Decides which canonical URLs are articles of the site (the page's URL is given for site_path()).
using ArticlePredicate = std::function<bool(std::string_view canonical_url, std::string_view page_url)>;

/// Where an article link points: its path split into segments, and whether it is on one of the site's own hosts.
struct SitePath {
  boost::container::small_vector<std::string_view, 8> segments;  ///< "/2021/06/slug/" -> {"2021", "06", "slug"}
  bool query_or_fragment = false;                                ///< the URL has a ?query or #fragment
  int host_index = -1;                                           ///< index into `hosts`, or -1 for the page's own host
};

/// The path of canonical `url` when its host is one of the site's `hosts` or the page's own host, else nullopt.
/// The page's host counts because a site served from a mirror, a moved domain or a loopback test server keeps
/// its article paths (relative links resolve there); the shape check on the path still decides.
std::optional<SitePath> site_path(std::string_view url, std::string_view page_url,
                                  std::initializer_list<std::string_view> hosts);

/// True when `s` is non-empty and all ASCII digits.
bool all_digits(std::string_view s);

/// Every title link of the page in document order with its block. A title link
/// is an article link with visible text that sits in a heading or stands alone
/// in its parent (not inline in a paragraph), outside navigation menus and
/// outside elements matched by `skip_ids` (e.g. an article body's id).
std::vector<ItemBlock> find_item_blocks(const GumboNode* root, std::string_view page_url,
                                        const ArticlePredicate& is_article,
                                        std::initializer_list<std::string_view> skip_ids = {});

/// Calls f(node) for every node (elements and text) inside the block, in document order.
void for_each_in_block(const Block& block, const std::function<void(const GumboNode*)>& f);

/// The item a listing card shows: its URL and title, then the common fields: summary (the first hinted excerpt, else
/// the first paragraph after the heading), authors (texts of author links,
/// `author_href_part` in the href), the first date in the block's text outside
/// the title and summary (`utc_offset` for dates with a time), and an "NK PRO"
/// label. Summary hints are class-name fragments ("summary", "excerpt", "dek", "desc",
/// "subtitle" are always tried).
Item card_item(const ItemBlock& block, std::string_view author_href_part, std::string_view utc_offset,
               std::initializer_list<std::string_view> summary_hints = {});

/// Items in first-seen order, one per identity (key): of several cards for one article the
/// richest (most non-empty fields; first on ties) is kept.
std::vector<Item> merge_duplicates(std::vector<Item> items);

/// True when the page's bytes look binary (NUL bytes near the start) rather than HTML.
bool looks_binary(std::string_view bytes) noexcept;

}  // namespace newswatch
