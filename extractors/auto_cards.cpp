#include "extractors/auto_cards.h"
#include "config/ascii.h"

#include <algorithm>
#include <array>
#include <cmath>

#include <fmt/format.h>

#include <boost/container_hash/hash.hpp>
#include <boost/unordered/unordered_flat_map.hpp>

namespace newswatch {
namespace {

// A 4-40 word headline (2) on a URL with at least one article sign (0.5): a real article card.
constexpr double k_keep_quality = 2.5;

constexpr std::array<std::string_view, 6> k_position_flags = {"first", "last", "odd", "even", "active", "current"};

// Words of rails that are not the page's own listing (class/id fragments and heading texts).
constexpr std::array<std::string_view, 14> k_rail_words = {
    "popular",  "most-read", "mostread", "most_read",   "most read", "most-viewed", "most viewed",
    "trending", "ranking",   "related",  "recommended", "sponsored", "most shared", "most-shared"};

bool is_heading_tag(GumboTag t) {
  return t >= GUMBO_TAG_H1 && t <= GUMBO_TAG_H6;
}

std::vector<std::string_view> class_tokens(const GumboNode* n) {
  std::vector<std::string_view> out;
  const char* v = attribute(n, "class");
  std::string_view s = v ? v : "";
  constexpr std::string_view k_space = " \t\n\r\f";
  for (std::size_t b = s.find_first_not_of(k_space); b != std::string_view::npos;) {
    std::size_t e = std::min(s.find_first_of(k_space, b), s.size());
    out.push_back(s.substr(b, e - b));
    b = s.find_first_not_of(k_space, e);
  }
  return out;
}

using ascii::lower;

// Headline length in words; a run of CJK text without spaces counts a word per two characters.
std::size_t word_count(std::string_view title) {
  std::size_t words = 0, wide = 0;
  bool in_word = false;
  for (std::size_t i = 0; i < title.size(); ++i) {
    auto c = static_cast<unsigned char>(title[i]);
    if (c >= 0xE3 && c <= 0xED) ++wide;  // lead bytes of CJK and Hangul syllables
    bool space = c == ' ';
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return std::max(words, wide / 2);
}

// The first heading inside a card-wide link: its text is the headline, not the whole card's.
const GumboNode* heading_inside(const GumboNode* a) {
  const GumboNode* found = nullptr;
  walk_tree(
      a,
      [&](const GumboNode* n) {
        if (found || !is_element(n)) return false;
        if (n != a && is_heading_tag(tag(n))) found = n;
        return !found;
      },
      [](const GumboNode*) {});
  return found;
}

// A machine date in the card: <time datetime> (or its text), read by the site's options.
std::optional<std::string> machine_date(const Block& block, const DateOptions& dates) {
  std::optional<std::string> out;
  for_each_in_block(block, [&](const GumboNode* n) {
    if (out || tag(n) != GUMBO_TAG_TIME) return;
    const char* dt = attribute(n, "datetime");
    out = parse_date(dt ? std::string_view(dt) : std::string_view(text(n)), dates);
  });
  return out;
}

Card make_card(ItemBlock block, const UrlShape& shape, const DateOptions& dates) {
  Card card;
  if (block.title_node == block.anchor)
    if (const GumboNode* h = heading_inside(block.anchor)) {
      block.title_node = h;
      block.title = text(h);
    }
  // The card element: the block's child holding the link (a block may also hold leading text nodes).
  card.root = block.anchor;
  while (card.root->parent && card.root->parent != block.block.parent) card.root = card.root->parent;
  card.shape = shape;
  card.item = card_item(block, "/author", dates.utc_offset);
  if (auto when = machine_date(block.block, dates)) card.item.published = when;
  card.words = word_count(block.title);
  card.heading = is_heading_tag(tag(block.title_node)) || is_heading_tag(tag(block.title_node->parent));
  bool headline = card.words >= 4 && card.words <= 40;
  card.quality = (headline          ? 2.0
                  : card.words == 3 ? 1.0
                                    : 0.0) +
                 (card.heading ? 1.0 : 0.0) + (card.item.published ? 1.0 : 0.0) +
                 (card.item.summary.empty() ? 0.0 : 0.5) + 0.5 * shape.score();
  card.block = std::move(block);
  return card;
}

bool token_has(std::string_view token, std::initializer_list<std::string_view> parts) {
  for (std::string_view p : parts)
    if (token.find(p) != std::string_view::npos) return true;
  return false;
}

// Class and id tokens of an element, lower-cased, for the place tests below.
std::vector<std::string> names_of(const GumboNode* n) {
  std::vector<std::string> out;
  for (std::string_view t : class_tokens(n)) out.push_back(lower(t));
  if (const char* id = attribute(n, "id")) out.push_back(lower(id));
  return out;
}

std::string rail_word(std::string_view text) {
  std::string l = lower(text);
  for (std::string_view w : k_rail_words)
    if (l.find(w) != std::string::npos) return std::string(w);
  return {};
}

// The short label just above a container: a heading (or *title*/*head* element) before it.
std::string label_above(const GumboNode* container, const GumboNode* first_card) {
  auto label_of = [](const GumboNode* n) -> std::string {
    if (!is_element(n)) return {};
    bool titled = is_heading_tag(tag(n));
    for (std::string_view t : class_tokens(n)) titled = titled || token_has(lower(t), {"title", "head", "label"});
    if (!titled) return {};
    std::string t = text(n);
    return t.size() <= 80 ? t : std::string();
  };
  const GumboNode* level = container;
  for (int up = 0; up < 3 && level && is_element(level); ++up, level = level->parent) {
    const GumboVector* kids = children(level);  // the level's own leading children, before the cards
    for (unsigned i = 0, seen = 0; kids && i < kids->length && seen < 3; ++i) {
      const auto* k = static_cast<const GumboNode*>(kids->data[i]);
      if (!is_element(k)) continue;
      if (contains(k, first_card)) break;
      ++seen;
      if (std::string l = label_of(k); !l.empty()) return l;
    }
    const GumboVector* sibs = children(level->parent);
    for (unsigned i = level->index_within_parent, seen = 0; sibs && i-- > 0 && seen < 3;) {
      const auto* s = static_cast<const GumboNode*>(sibs->data[i]);
      if (!is_element(s)) continue;
      ++seen;
      if (std::string l = label_of(s); !l.empty()) return l;
    }
  }
  return {};
}

// Where the group sits: main content, aside, header, footer, or a rail.
void judge_place(CardGroup& g, const CardAnalysis& a) {
  const GumboNode* container = g.containers.front();
  int level = 0;
  for (const GumboNode* n = container; n && is_element(n); n = n->parent, ++level) {
    GumboTag t = tag(n);
    const char* role = attribute(n, "role");
    std::string_view r = role ? role : "";
    g.in_main = g.in_main || t == GUMBO_TAG_MAIN || r == "main";
    g.in_aside = g.in_aside || t == GUMBO_TAG_ASIDE || r == "complementary";
    g.in_header = g.in_header || t == GUMBO_TAG_HEADER || r == "banner";
    g.in_footer = g.in_footer || t == GUMBO_TAG_FOOTER || r == "contentinfo";
    for (const std::string& name : names_of(n)) {
      g.in_main = g.in_main || name == "main" || name == "content" || name == "main-content" || name == "maincontent";
      g.in_aside = g.in_aside || token_has(name, {"sidebar", "side-bar", "widget"});
      g.in_footer = g.in_footer || name.starts_with("footer") || name.ends_with("footer");
      if (level < 3 && g.rail.empty())
        if (std::string w = rail_word(name); !w.empty()) g.rail = "class or id \"" + name + "\"";
    }
  }
  if (g.rail.empty()) {
    std::string label = label_above(container, a.cards[g.cards.front()].root);
    if (!rail_word(label).empty()) g.rail = "heading \"" + label + "\"";
  }
}

// "main > div.latest > div.row > article": the path down to the cards, for people to read.
std::string path_signature(const GumboNode* container, const GumboNode* card) {
  std::vector<std::string> parts{std::string(tag_name(card))};
  for (const GumboNode* n = container; n && is_element(n) && tag(n) != GUMBO_TAG_BODY && parts.size() < 6;
       n = n->parent)
    parts.push_back(element_signature(n));
  std::string out;
  for (auto it = parts.rbegin(); it != parts.rend(); ++it) out += (out.empty() ? "" : " > ") + *it;
  return out;
}

void score_group(CardGroup& g, const CardAnalysis& a) {
  std::vector<double> qualities;
  std::vector<std::size_t> words;
  for (std::size_t i : g.cards) {
    const Card& c = a.cards[i];
    qualities.push_back(c.quality);
    words.push_back(c.words);
    g.dated += c.item.published.has_value();
    g.summarised += !c.item.summary.empty();
    g.headings += c.heading;
    g.url_dated += c.shape.dated;
    g.url_ids += c.shape.numeric_id;
    g.url_slugs += c.shape.long_slug;
  }
  // The lower median: one odd card more or less moves it at most to a neighbour's value.
  std::nth_element(qualities.begin(), qualities.begin() + (qualities.size() - 1) / 2, qualities.end());
  std::nth_element(words.begin(), words.begin() + (words.size() - 1) / 2, words.end());
  g.median_quality = qualities[(qualities.size() - 1) / 2];
  g.median_words = words[(words.size() - 1) / 2];
  judge_place(g, a);
  double place = g.in_main ? 1.25 : 1.0;
  if (g.in_aside) place *= 0.4;
  if (g.in_header) place *= 0.5;
  if (g.in_footer) place *= 0.2;
  if (!g.rail.empty()) place *= 0.2;
  g.score = g.median_quality * std::log2(1.0 + static_cast<double>(g.cards.size())) * place;
}

// The verdict on one group from its own cards only (see the file comment, rule 4).
void judge_group(CardGroup& g, const CardAnalysis& a, bool best) {
  const Card& first = a.cards[g.cards.front()];
  GumboTag top = tag(first.block.title_node);
  bool top_heading = top == GUMBO_TAG_H1 || top == GUMBO_TAG_H2;
  bool lead_story = g.cards.size() == 1 && top_heading && g.median_words >= 4;
  if (best && g.median_quality >= 2) {
    g.kept = true;
    g.verdict = "kept: the best score on the page (the main listing)";
  } else if (!g.rail.empty()) {
    g.verdict = "left out: a rail (" + g.rail + ")";
  } else if (g.in_footer || g.in_aside || g.in_header) {
    g.verdict = std::string("left out: in the page's ") + (g.in_footer  ? "footer"
                                                           : g.in_aside ? "aside/sidebar"
                                                                        : "header");
  } else if (g.median_quality < k_keep_quality) {
    g.verdict = fmt::format("left out: weak cards (median quality {:.1f} < {})", g.median_quality, k_keep_quality);
  } else if (g.cards.size() < 2 && !lead_story) {
    g.verdict = "left out: a single card without an h1/h2 headline";
  } else {
    g.kept = true;
    g.verdict = lead_story ? "kept: a lead story (one card with a heading)" : "kept: a real article group of its own";
  }
}

}  // namespace

std::string element_signature(const GumboNode* node) {
  std::vector<std::string_view> classes;
  for (std::string_view t : class_tokens(node)) {
    bool digit = std::any_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; });
    bool flag = std::find(k_position_flags.begin(), k_position_flags.end(), t) != k_position_flags.end();
    if (!digit && !flag) classes.push_back(t);
  }
  std::sort(classes.begin(), classes.end());
  classes.erase(std::unique(classes.begin(), classes.end()), classes.end());
  std::string out(tag_name(node));
  for (std::string_view c : classes) out += "." + std::string(c);
  return out;
}

CardAnalysis analyse_cards(const HtmlDocument& doc, std::string_view page_url, const DateOptions& dates) {
  CardAnalysis a;
  const ArticleUrls urls(page_url);
  boost::unordered_flat_map<std::string, UrlShape> shapes;  // each distinct link judged once
  auto is_article = [&](std::string_view key, std::string_view) {
    auto [it, inserted] = shapes.try_emplace(std::string(key));
    if (inserted) it->second = urls.shape(key);
    return it->second.score() > 0;
  };
  for (ItemBlock& block : find_item_blocks(doc.root(), page_url, is_article)) {
    const UrlShape shape = shapes.at(block.url);
    a.cards.push_back(make_card(std::move(block), shape, dates));
  }
  using Key = std::pair<const GumboNode*, std::string>;  // (container's parent, container and card shape)
  boost::unordered_flat_map<Key, std::size_t, boost::hash<Key>> index;
  for (std::size_t i = 0; i < a.cards.size(); ++i) {
    const GumboNode* container = a.cards[i].root->parent;
    Key key{container->parent, element_signature(container) + " > " + std::string(tag_name(a.cards[i].root))};
    auto [it, inserted] = index.try_emplace(std::move(key), a.groups.size());
    if (inserted) a.groups.emplace_back();
    CardGroup& g = a.groups[it->second];
    g.cards.push_back(i);
    if (g.containers.empty() || g.containers.back() != container) g.containers.push_back(container);
  }
  for (CardGroup& g : a.groups) {
    score_group(g, a);
    g.signature = path_signature(g.containers.front(), a.cards[g.cards.front()].root);
  }
  // Ties go to the group met first on the page.
  for (std::size_t i = 0; i < a.groups.size(); ++i)
    if (a.best < 0 || a.groups[i].score > a.groups[static_cast<std::size_t>(a.best)].score)
      a.best = static_cast<int>(i);
  for (std::size_t i = 0; i < a.groups.size(); ++i) judge_group(a.groups[i], a, static_cast<int>(i) == a.best);
  return a;
}

std::vector<Item> listing_items(const CardAnalysis& analysis) {
  std::vector<bool> kept(analysis.cards.size(), false);
  for (const CardGroup& g : analysis.groups)
    if (g.kept)
      for (std::size_t i : g.cards) kept[i] = true;
  std::vector<Item> items;
  for (std::size_t i = 0; i < analysis.cards.size(); ++i)
    if (kept[i]) items.push_back(analysis.cards[i].item);
  return merge_duplicates(std::move(items));
}

}  // namespace newswatch
