#include "extractors/blocks.h"

#include <algorithm>
#include <array>
#include <tuple>

// Open addressing: these maps take an entry per element or link of a multi-MB page, and a
// node-per-entry std::unordered_map spent more time in malloc than in lookups.
#include <boost/container_hash/hash.hpp>
#include <boost/unordered/unordered_flat_map.hpp>
#include <boost/unordered/unordered_flat_set.hpp>

#include "extractors/dates.h"
#include "extractors/html.h"
#include "extractors/url.h"

namespace newswatch {
namespace {

constexpr int k_none = -1;   // no article link below
constexpr int k_mixed = -2;  // links to several articles below

bool is_heading(const GumboNode* n) noexcept {
  GumboTag t = tag(n);
  return t >= GUMBO_TAG_H1 && t <= GUMBO_TAG_H6;
}

bool attr_contains(const GumboNode* n, const char* name, std::string_view part) noexcept {
  const char* v = attribute(n, name);
  return v && std::string_view(v).find(part) != std::string_view::npos;
}

// One walk: article ids for markers, states of elements, title-link candidates.
class StateWalk {
 public:
  StateWalk(std::string_view page_url, const ArticlePredicate& is_article)
      : m_page(page_url), m_resolver(page_url), m_is_article(is_article) {}

  // Post-order over elements: a node's state joins its own marker and its children's states.
  void run(const GumboNode* root) {
    std::vector<int> open;  // the state so far of each element being walked
    auto walked = [](const GumboNode* n) { return is_element(n) || n->type == GUMBO_NODE_DOCUMENT; };
    walk_tree(
        root,
        [&](const GumboNode* n) {
          if (!walked(n)) return false;
          open.push_back(tag(n) == GUMBO_TAG_A ? marker(n) : k_none);
          return true;
        },
        [&](const GumboNode* n) {
          if (!walked(n)) return;
          int state = open.back();
          open.pop_back();
          if (state == k_none) return;
          m_states.emplace(n, state);
          if (!open.empty()) open.back() = (open.back() == k_none || open.back() == state) ? state : k_mixed;
        });
  }

  int state(const GumboNode* n) const {
    auto it = m_states.find(n);
    return it == m_states.end() ? k_none : it->second;
  }

  struct Link {
    const GumboNode* anchor;
    int id;
  };
  const std::vector<Link>& links() const { return m_links; }
  const ItemUrl& url(int id) const { return m_urls[static_cast<size_t>(id)]; }

 private:
  int marker(const GumboNode* a) {
    const char* href = attribute(a, "href");
    if (!href || href[0] == '#' || href[0] == '\0') return k_none;
    std::optional<ItemUrl> url = m_resolver.resolve(href);
    if (!url || !m_is_article(url->key, m_page)) return k_none;
    auto [it, inserted] = m_ids.try_emplace(url->key, static_cast<int>(m_urls.size()));
    if (inserted) m_urls.push_back(std::move(*url));
    m_links.push_back({a, it->second});
    return it->second;
  }

  std::string_view m_page;
  UrlResolver m_resolver;
  const ArticlePredicate& m_is_article;
  boost::unordered_flat_map<const GumboNode*, int> m_states;
  boost::unordered_flat_map<std::string, int> m_ids;
  std::vector<ItemUrl> m_urls;
  std::vector<Link> m_links;
};

// A class token or id naming navigation: "menu", "nav", "sub-menu", "menu-item", "main-menu";
// not a state flag such as "has-mega-menu".
bool is_menu_name(std::string_view name) noexcept {
  if (name == "menu" || name == "nav" || name == "navbar" || name == "navigation") return true;
  if (name.starts_with("has-")) return false;
  return name.starts_with("menu-") || name.ends_with("-menu") || name.ends_with("-nav");
}

// True when one of the element's class tokens satisfies `pred`.
template <class Pred>
bool any_class(const GumboNode* n, Pred pred) {
  const char* v = attribute(n, "class");
  std::string_view classes = v ? v : "";
  constexpr std::string_view k_space = " \t\n\r\f";
  for (std::size_t start = classes.find_first_not_of(k_space); start != std::string_view::npos;) {
    std::size_t end = std::min(classes.find_first_of(k_space, start), classes.size());
    if (pred(classes.substr(start, end - start))) return true;
    start = classes.find_first_not_of(k_space, end);
  }
  return false;
}

// Navigation menus and skipped containers (article bodies) hold no title links.
// The walk stops at <body> and <main>: page-wide classes say nothing about one link.
bool in_skipped_area(const GumboNode* n, std::initializer_list<std::string_view> skip_ids) {
  for (const GumboNode* up = n->parent; up && is_element(up); up = up->parent) {
    GumboTag t = tag(up);
    if (t == GUMBO_TAG_BODY || t == GUMBO_TAG_MAIN || t == GUMBO_TAG_HTML) return false;
    if (t == GUMBO_TAG_NAV || t == GUMBO_TAG_FOOTER) return true;
    const char* id = attribute(up, "id");
    if (any_class(up, is_menu_name) || (id && is_menu_name(id))) return true;
    if (id)
      for (std::string_view skip : skip_ids)
        if (skip == id) return true;
  }
  return false;
}

const GumboNode* enclosing_heading(const GumboNode* a) {
  for (const GumboNode* up = a->parent; up && is_element(up); up = up->parent)
    if (is_heading(up)) return up;
  return nullptr;
}

// A class token naming a title ("mid-article-title3"), not a "subtitle" or "category-title".
bool is_title_name(std::string_view token) noexcept {
  return token.find("title") != std::string_view::npos && token.find("subtitle") == std::string_view::npos &&
         token.find("category") == std::string_view::npos;
}

// A "*title*"-classed element inside a card-wide link (JoongAng wraps the whole card).
const GumboNode* titled_child(const GumboNode* a) {
  const GumboNode* found = nullptr;
  walk_tree(
      a,
      [&](const GumboNode* n) {
        if (found || !is_element(n)) return false;
        if (n != a && any_class(n, is_title_name)) found = n;
        return !found;
      },
      [](const GumboNode*) {});
  return found;
}

// Per-walk caches that keep find_item_blocks linear when many cards share one parent.
struct Caches {
  boost::unordered_flat_map<const GumboNode*, std::string> paragraph_text;
  boost::unordered_flat_map<const GumboNode*, std::vector<Block>> sibling_blocks;
};

// A link inside prose: in a <p> holding more than the link, or after text in its parent.
bool inline_link(const GumboNode* a, const std::string& title, Caches& caches) {
  const GumboNode* parent = a->parent;
  if (tag(parent) == GUMBO_TAG_P) {
    auto [it, inserted] = caches.paragraph_text.try_emplace(parent);
    if (inserted) it->second = text(parent);
    return it->second != title;
  }
  // Nearest sibling first: the previous card's title usually answers at once.
  const GumboVector* kids = children(parent);
  for (unsigned i = a->index_within_parent; kids && i-- > 0;) {
    std::string before;
    append_raw_text(static_cast<const GumboNode*>(kids->data[i]), before);
    if (!clean_text(before).empty()) return true;
  }
  return false;
}

// The block of every marked child of a mixed `parent`, in one pass each way. A block
// takes the run of children holding its article (unmarked ones between included), up
// to the next other article; leading unmarked siblings only when no other article
// precedes them (they would be its tail otherwise).
std::vector<Block> sibling_blocks(const StateWalk& walk, const GumboNode* parent) {
  const GumboVector* kids = children(parent);
  std::vector<Block> out(kids->length);
  auto state_at = [&](unsigned i) { return walk.state(static_cast<const GumboNode*>(kids->data[i])); };
  std::vector<unsigned> run_of(kids->length);
  std::vector<unsigned> run_start;  // first marked child of each run of one article
  int run_state = k_none;
  bool any_marked = false;
  unsigned last_marked = 0, prev_run_last = 0;
  bool other_before = false;
  for (unsigned i = 0; i < kids->length; ++i) {
    int s = state_at(i);
    if (s == k_none) continue;
    if (!any_marked || s != run_state) {
      other_before = any_marked;
      prev_run_last = last_marked;
      run_state = s;
      run_start.push_back(i);
    }
    any_marked = true;
    last_marked = i;
    run_of[i] = static_cast<unsigned>(run_start.size() - 1);
    unsigned lo = other_before ? run_start.back() : 0;
    unsigned after_other = other_before ? prev_run_last + 1 : 0;
    out[i] = Block{parent, lo, 0, std::min(after_other, lo)};
  }
  for (unsigned i = 0; i < kids->length; ++i) {
    if (state_at(i) == k_none) continue;
    size_t next = run_of[i] + 1;
    out[i].hi = next < run_start.size() ? run_start[next] : kids->length;
  }
  return out;
}

Block block_of(const StateWalk& walk, const GumboNode* anchor, int id, Caches& caches) {
  const GumboNode* node = anchor;
  for (const GumboNode* p = node->parent; p && is_element(p); p = p->parent) {
    GumboTag t = tag(p);
    if (t == GUMBO_TAG_BODY || t == GUMBO_TAG_HTML || walk.state(p) != id) break;
    node = p;
  }
  auto index = static_cast<unsigned>(node->index_within_parent);
  Block b{node->parent, index, index + 1, index};
  if (!b.parent || walk.state(b.parent) != k_mixed) return b;
  auto [it, inserted] = caches.sibling_blocks.try_emplace(b.parent);
  if (inserted) it->second = sibling_blocks(walk, b.parent);
  return it->second[index];
}

}  // namespace

std::vector<ItemBlock> find_item_blocks(const GumboNode* root, std::string_view page_url,
                                        const ArticlePredicate& is_article,
                                        std::initializer_list<std::string_view> skip_ids) {
  StateWalk walk(page_url, is_article);
  walk.run(root);
  Caches caches;
  using Emitted = std::tuple<int, const GumboNode*, unsigned, unsigned>;  // (article, block)
  boost::unordered_flat_set<Emitted, boost::hash<Emitted>> emitted;
  std::vector<ItemBlock> out;
  for (const StateWalk::Link& link : walk.links()) {
    if (in_skipped_area(link.anchor, skip_ids)) continue;
    const GumboNode* heading = enclosing_heading(link.anchor);
    const GumboNode* titled = heading ? nullptr : titled_child(link.anchor);
    std::string title = text(titled ? titled : link.anchor);
    if (title.empty()) continue;
    // Inline links in running text are not items: the anchor must open its parent (a date or
    // excerpt may follow it), and a paragraph must hold nothing but the link.
    if (!heading && !titled && inline_link(link.anchor, title, caches)) continue;
    const GumboNode* title_node = heading ? heading : titled ? titled : link.anchor;
    Block block = block_of(walk, link.anchor, link.id, caches);
    // A second title link of one article in the same block yields the same card: the first stands.
    if (!emitted.emplace(link.id, block.parent, block.lo, block.hi).second) continue;
    const ItemUrl& url = walk.url(link.id);
    out.push_back({url.key, url.link, link.anchor, title_node, std::move(title), block});
  }
  return out;
}

void for_each_in_block(const Block& block, const std::function<void(const GumboNode*)>& f) {
  const GumboVector* kids = children(block.parent);
  for (unsigned i = block.lo; kids && i < block.hi && i < kids->length; ++i)
    walk_tree(
        static_cast<const GumboNode*>(kids->data[i]),
        [&](const GumboNode* n) {
          f(n);
          return true;
        },
        [](const GumboNode*) {});
}

namespace {

template <class Hints>
bool class_has_hint(const GumboNode* n, const Hints& hints) {
  for (std::string_view h : hints)
    if (attr_contains(n, "class", h)) return true;
  return false;
}

bool has_author_link(const GumboNode* root, std::string_view part) {
  bool found = false;
  walk_tree(
      root,
      [&](const GumboNode* n) {
        found = found || (tag(n) == GUMBO_TAG_A && attr_contains(n, "href", part));
        return !found;
      },
      [](const GumboNode*) {});
  return found;
}

bool is_pro_label(const GumboNode* text_node) {
  if (std::string_view(text_node->v.text.text).find("NK") == std::string_view::npos) return false;  // most text
  std::string t = clean_text(text_node->v.text.text);
  if (t == "NK PRO") return true;
  return t == "NK" && text(text_node->parent) == "NK PRO";
}

const GumboNode* find_summary(const std::vector<const GumboNode*>& nodes, const ItemBlock& item,
                              std::string_view author_part, std::initializer_list<std::string_view> hints) {
  static constexpr std::array<std::string_view, 5> k_hints = {"summary", "excerpt", "subtitle", "dek", "desc"};
  for (const GumboNode* n : nodes) {
    if (!is_element(n) || contains(item.title_node, n)) continue;
    if ((class_has_hint(n, k_hints) || class_has_hint(n, hints)) && !text(n).empty()) return n;
  }
  bool after_title = false;
  for (const GumboNode* n : nodes) {
    if (n == item.title_node) after_title = true;
    if (!after_title || tag(n) != GUMBO_TAG_P || contains(item.title_node, n)) continue;
    std::string t = text(n);
    if (t.empty() || t == "NK PRO" || t == item.title || parse_date(t) || has_author_link(n, author_part)) continue;
    return n;
  }
  return nullptr;
}

size_t richness(const Item& item) {
  return !item.summary.empty() + !item.authors.empty() + item.published.has_value() + !item.tags.empty();
}

}  // namespace

Item card_item(const ItemBlock& item, std::string_view author_href_part, std::string_view utc_offset,
               std::initializer_list<std::string_view> summary_hints) {
  Item out;
  out.url = item.link;
  out.key = item.url;
  out.title = item.title;
  std::vector<const GumboNode*> nodes;
  for_each_in_block(item.block, [&](const GumboNode* n) { nodes.push_back(n); });
  const GumboNode* summary = find_summary(nodes, item, author_href_part, summary_hints);
  if (summary) out.summary = text(summary);
  // The title splits the block: a date after it is the card's (a date before it may be a
  // page header's), an "NK PRO" label before it is the card's (one after it is the next card's).
  std::size_t title_at = nodes.size();
  for (std::size_t i = 0; i < nodes.size() && title_at == nodes.size(); ++i)
    if (contains(item.title_node, nodes[i])) title_at = i;
  bool pro = false;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const GumboNode* n = nodes[i];
    if (tag(n) == GUMBO_TAG_A && attr_contains(n, "href", author_href_part)) {
      std::string name = text(n);
      if (!name.empty() && std::find(out.authors.begin(), out.authors.end(), name) == out.authors.end())
        out.authors.push_back(std::move(name));
      continue;
    }
    if (n->type == GUMBO_NODE_TEXT && i < title_at && !pro) pro = is_pro_label(n);
  }
  for_each_in_block({item.block.parent, item.block.lead, item.block.lo}, [&](const GumboNode* n) {
    if (n->type == GUMBO_NODE_TEXT && !pro) pro = is_pro_label(n);
  });
  auto date_in = [&](std::size_t from, std::size_t to) -> std::optional<std::string> {
    for (std::size_t i = from; i < to; ++i) {
      const GumboNode* n = nodes[i];
      if (n->type != GUMBO_NODE_TEXT || contains(item.title_node, n) || (summary && contains(summary, n))) continue;
      if (auto date = find_date(n->v.text.text, utc_offset)) return date;
    }
    return std::nullopt;
  };
  bool titled = title_at < nodes.size();
  out.published = titled ? date_in(title_at, nodes.size()) : std::nullopt;
  if (!out.published) out.published = date_in(0, titled ? title_at : nodes.size());
  if (pro && std::find(out.tags.begin(), out.tags.end(), "NK PRO") == out.tags.end()) out.tags.emplace_back("NK PRO");
  return out;
}

std::vector<Item> merge_duplicates(std::vector<Item> items) {
  std::vector<Item> out;
  boost::unordered_flat_map<std::string, size_t> index;
  for (Item& item : items) {
    auto [it, inserted] = index.try_emplace(identity(item), out.size());
    if (inserted)
      out.push_back(std::move(item));
    else if (richness(item) > richness(out[it->second]))
      out[it->second] = std::move(item);
  }
  return out;
}

bool looks_binary(std::string_view bytes) noexcept {
  return bytes.substr(0, 4096).find('\0') != std::string_view::npos;
}

std::optional<SitePath> site_path(std::string_view url, std::string_view page_url,
                                  std::initializer_list<std::string_view> hosts) {
  const std::string_view host = canonical_host(url);
  SitePath out;
  int index = 0;
  for (std::string_view known : hosts) {
    if (host == known) out.host_index = index;
    ++index;
  }
  if (out.host_index < 0 && (host.empty() || host != url_host(page_url))) return std::nullopt;
  // Canonical URLs are "scheme://authority/path..."; the path starts at the first '/' after "://".
  std::size_t authority = url.find("://");
  std::size_t slash = authority == std::string_view::npos ? std::string_view::npos : url.find('/', authority + 3);
  std::string_view path = slash == std::string_view::npos ? std::string_view() : url.substr(slash);
  std::size_t cut = 0;  // a loop, not find_first_of("?#"), which searches the set once per byte
  while (cut < path.size() && path[cut] != '?' && path[cut] != '#') ++cut;
  out.query_or_fragment = cut < path.size();
  path = path.substr(0, cut);
  for (std::size_t i = 0; i < path.size();) {
    std::size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    if (j > i) out.segments.push_back(path.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

}  // namespace newswatch
