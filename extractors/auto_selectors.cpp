#include "extractors/auto_selectors.h"

#include <algorithm>
#include <set>

#include "extractors/selector.h"

namespace newswatch {
namespace {

// A class or id usable in a selector as written: letters, digits, '-' and '_', not led by a digit.
bool plain_name(std::string_view s) {
  if (s.empty() || (s[0] >= '0' && s[0] <= '9')) return false;
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_'; });
}

// "div.a.b" from element_signature() without names a selector cannot hold as written.
std::string step(const GumboNode* n) {
  std::string sig = element_signature(n), out;
  std::size_t dot = sig.find('.');
  out = sig.substr(0, dot);
  while (dot != std::string::npos) {
    std::size_t next = sig.find('.', dot + 1);
    std::string cls = sig.substr(dot + 1, next == std::string::npos ? std::string::npos : next - dot - 1);
    if (plain_name(cls)) out += "." + cls;
    dot = next;
  }
  return out;
}

std::string id_step(const GumboNode* n) {
  const char* id = attribute(n, "id");
  return id && plain_name(id) ? std::string(tag_name(n)) + "#" + id : std::string();
}

// The path from `from` (exclusive) down to `to`, "h3 > a"; empty when `to` is `from`.
std::string relative_path(const GumboNode* from, const GumboNode* to) {
  std::vector<std::string> steps;
  for (const GumboNode* n = to; n && n != from; n = n->parent) steps.push_back(step(n));
  std::string out;
  for (auto it = steps.rbegin(); it != steps.rend(); ++it) out += (out.empty() ? "" : " > ") + *it;
  return out;
}

// The cards' own path from an id'd ancestor or <body>, lengthened until it selects only `cards`.
std::string item_path(const HtmlDocument& doc, const CardGroup& g, const CardAnalysis& a) {
  std::set<const GumboNode*> want;
  for (std::size_t i : g.cards) want.insert(a.cards[i].root);
  const GumboNode* card = a.cards[g.cards.front()].root;
  std::string path = step(card);
  for (const GumboNode* n = card->parent; n && is_element(n); n = n->parent) {
    std::string id = id_step(n);
    path = (id.empty() ? step(n) : id) + " > " + path;
    if (tag(n) == GUMBO_TAG_BODY) break;
    auto sel = Selector::compile(path);
    if (!sel) break;
    std::vector<const GumboNode*> got = sel->select(doc.root());
    bool extra = std::any_of(got.begin(), got.end(), [&](const GumboNode* x) { return !want.count(x); });
    if (!extra) break;
  }
  return path;
}

// Joins distinct non-empty selectors with ", ".
std::string join(const std::vector<std::string>& parts, std::string_view suffix = "") {
  std::vector<std::string> seen;
  std::string out;
  for (const std::string& p : parts) {
    if (p.empty() || std::find(seen.begin(), seen.end(), p) != seen.end()) continue;
    seen.push_back(p);
    out += (out.empty() ? "" : ", ") + p;
  }
  return out.empty() ? out : out + std::string(suffix);
}

// The deepest element of the card whose text is `value` (the summary the card showed).
const GumboNode* element_with_text(const GumboNode* card, const std::string& value) {
  const GumboNode* found = nullptr;
  walk_tree(
      card,
      [&](const GumboNode* n) {
        if (!is_element(n)) return false;
        if (n != card && tag(n) != GUMBO_TAG_A && text(n) == value) found = n;
        return true;
      },
      [](const GumboNode*) {});
  return found;
}

const GumboNode* time_element(const GumboNode* card) {
  const GumboNode* found = nullptr;
  walk_tree(
      card,
      [&](const GumboNode* n) {
        if (found || !is_element(n)) return false;
        if (tag(n) == GUMBO_TAG_TIME) found = n;
        return !found;
      },
      [](const GumboNode*) {});
  return found;
}

}  // namespace

SelectorConfig pinned_selectors(const HtmlDocument& doc, const CardAnalysis& a) {
  std::vector<std::string> items, titles, links, summaries, dates;
  for (const CardGroup& g : a.groups) {
    if (!g.kept) continue;
    items.push_back(item_path(doc, g, a));
    for (std::size_t i : g.cards) {
      const Card& c = a.cards[i];
      // A headline that is the card element itself is read from the link inside it.
      const GumboNode* title = c.block.title_node == c.root ? c.block.anchor : c.block.title_node;
      titles.push_back(relative_path(c.root, title));
      links.push_back(c.block.anchor == c.root ? std::string() : relative_path(c.root, c.block.anchor));
      if (!c.item.summary.empty())
        if (const GumboNode* s = element_with_text(c.root, c.item.summary))
          summaries.push_back(relative_path(c.root, s));
      if (c.item.published)
        if (const GumboNode* t = time_element(c.root))
          dates.push_back(relative_path(c.root, t) + (attribute(t, "datetime") ? " @datetime" : ""));
    }
  }
  SelectorConfig s;
  s.item = join(items);
  s.title = join(titles);
  s.link = join(links, " @href");
  if (s.link.empty()) s.link = "@href";
  s.summary = join(summaries);
  // One date selector: "@datetime" applies to the whole comma list.
  std::vector<std::string> with_attr, without;
  for (const std::string& d : dates) (d.ends_with(" @datetime") ? with_attr : without).push_back(d);
  if (!with_attr.empty()) {
    for (std::string& d : with_attr) d.resize(d.size() - std::string_view(" @datetime").size());
    s.published = join(with_attr, " @datetime");
  } else {
    s.published = join(without);
  }
  return s;
}

std::string selectors_toml(const SelectorConfig& s) {
  std::string out = "[site.selectors]\n";
  auto line = [&](const char* key, const std::string& value) {
    if (value.empty()) return;
    std::string quoted;
    for (char c : value) quoted += (c == '"' || c == '\\') ? std::string("\\") + c : std::string(1, c);
    out += std::string(key) + " = \"" + quoted + "\"\n";
  };
  line("item", s.item);
  line("title", s.title);
  line("link", s.link);
  line("summary", s.summary);
  line("published", s.published);
  return out;
}

}  // namespace newswatch
