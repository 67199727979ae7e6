#include "extractors/selector.h"

#include <cstdint>
#include <map>
#include <unordered_map>

#include "extractors/html.h"

namespace newswatch {
namespace {

using Sel = Selector;

bool is_ws(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

bool same(std::string_view a, std::string_view b, bool ignore_case) noexcept {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (ignore_case) {
      if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
      if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    }
    if (x != y) return false;
  }
  return true;
}

bool contains_word(std::string_view list, std::string_view word, bool ignore_case = false) noexcept {
  size_t i = 0;
  while (i < list.size()) {
    while (i < list.size() && is_ws(list[i])) ++i;
    size_t start = i;
    while (i < list.size() && !is_ws(list[i])) ++i;
    if (i > start && same(list.substr(start, i - start), word, ignore_case)) return true;
  }
  return false;
}

bool attr_matches(const Sel::AttrTest& t, const GumboNode* node) noexcept {
  const char* raw = attribute(node, t.name.c_str());
  if (!raw) return false;
  std::string_view v(raw);
  const std::string& w = t.value;
  const bool ic = t.ignore_case;
  switch (t.op) {
    case Sel::AttrOp::exists: return true;
    case Sel::AttrOp::equals: return same(v, w, ic);
    case Sel::AttrOp::prefix: return !w.empty() && v.size() >= w.size() && same(v.substr(0, w.size()), w, ic);
    case Sel::AttrOp::suffix: return !w.empty() && v.size() >= w.size() && same(v.substr(v.size() - w.size()), w, ic);
    case Sel::AttrOp::contains:
      if (w.empty() || v.size() < w.size()) return false;
      for (size_t i = 0; i + w.size() <= v.size(); ++i)
        if (same(v.substr(i, w.size()), w, ic)) return true;
      return false;
    case Sel::AttrOp::word: return contains_word(v, w, ic);
    case Sel::AttrOp::dash:
      return same(v, w, ic) || (v.size() > w.size() && v[w.size()] == '-' && same(v.substr(0, w.size()), w, ic));
  }
  return false;
}

// An element's place among its parent's element children (1-based), computed once per parent.
struct Position {
  int index = 0, type_index = 0;
  bool last = false;
};

bool nth(int a, int b, int index) noexcept {
  if (a == 0) return index == b;
  int diff = index - b;
  return diff % a == 0 && diff / a >= 0;
}

// State shared by one match: the position cache and the :has() budget.
struct Context {
  Sel::MatchStats* stats = nullptr;
  std::size_t has_spent = 0;
  std::unordered_map<const GumboNode*, Position> positions;

  void count() {
    if (stats) ++stats->compound_tests;
  }
  const Position& position(const GumboNode* node) {
    if (auto it = positions.find(node); it != positions.end()) return it->second;
    const GumboVector* kids = node->parent ? children(node->parent) : nullptr;
    if (!kids) return positions[node] = Position{1, 1, true};
    std::map<std::string, int> per_type;
    int index = 0;
    Position* previous = nullptr;
    for (unsigned i = 0; i < kids->length; ++i) {
      const GumboNode* kid = static_cast<const GumboNode*>(kids->data[i]);
      if (!is_element(kid)) continue;
      Position& p = positions[kid];
      p.index = ++index;
      p.type_index = ++per_type[std::string(tag_name(kid))];
      previous = &p;
    }
    if (previous) previous->last = true;
    return positions[node];
  }
};

bool compound_matches(const Sel::Compound& c, const GumboNode* node, Context& ctx);

const GumboNode* next_element(const GumboNode* node) noexcept {
  const GumboVector* kids = node->parent ? children(node->parent) : nullptr;
  for (unsigned i = node->index_within_parent + 1; kids && i < kids->length; ++i)
    if (is_element(static_cast<const GumboNode*>(kids->data[i]))) return static_cast<const GumboNode*>(kids->data[i]);
  return nullptr;
}

// Calls found(node) for each element matching `groups` relative to `anchor` (their leftmost
// part is `anchor` itself): in its subtree, and for a `+`/`~` lead in its following siblings'
// subtrees, stopping before a sibling for which stop() holds; until found returns true.
template <class Found, class Stop>
void relative_walk(const std::vector<Sel::Complex>& groups, const GumboNode* anchor, Context& ctx, bool in_has,
                   Stop&& stop, Found&& found);

bool has_match(const Sel::Pseudo& p, const GumboNode* node, Context& ctx) {
  bool hit = false;
  relative_walk(
      p.whole, node, ctx, true, [](const GumboNode*) { return false; }, [&](const GumboNode*) { return hit = true; });
  return hit;
}

bool pseudo_matches(const Sel::Pseudo& p, const GumboNode* node, Context& ctx) {
  switch (p.kind) {
    case Sel::PseudoKind::nth_child: return nth(p.a, p.b, ctx.position(node).index);
    case Sel::PseudoKind::nth_of_type: return nth(p.a, p.b, ctx.position(node).type_index);
    case Sel::PseudoKind::last_child: return ctx.position(node).last;
    case Sel::PseudoKind::negation:
      for (const Sel::Compound& c : p.negated)
        if (compound_matches(c, node, ctx)) return false;
      return true;
    case Sel::PseudoKind::has: return has_match(p, node, ctx);
  }
  return false;
}

bool compound_matches(const Sel::Compound& c, const GumboNode* node, Context& ctx) {
  if (!is_element(node)) return false;
  if (!c.tag_name.empty()) {
    if (c.tag != GUMBO_TAG_UNKNOWN) {
      if (node->v.element.tag != c.tag) return false;
    } else if (tag_name(node) != c.tag_name) {
      return false;
    }
  }
  if (!c.id.empty()) {
    const char* id = attribute(node, "id");
    if (!id || c.id != id) return false;
  }
  if (!c.classes.empty()) {
    const char* cls = attribute(node, "class");
    if (!cls) return false;
    for (const std::string& want : c.classes)
      if (!contains_word(cls, want)) return false;
  }
  for (const Sel::AttrTest& test : c.attrs)
    if (!attr_matches(test, node)) return false;
  for (const Sel::Pseudo& p : c.pseudos)
    if (!pseudo_matches(p, node, ctx)) return false;
  return true;
}

// The match bits of the elements on the path from the top down to the element walked,
// plus, per level, the bits of the previous element sibling and of all previous siblings.
class PathMatcher {
 public:
  PathMatcher(const std::vector<Sel::Complex>& groups, Context& ctx, const GumboNode* anchor, bool in_has)
      : m_groups(groups),
        m_ctx(ctx),
        m_anchor(anchor),
        m_in_has(in_has),
        m_prev(groups.size()),
        m_prev_any(groups.size()) {}

  // Adds `node` below the current path end, after its previous siblings were pushed and
  // popped; true when a whole complex selector matches it.
  bool push(const GumboNode* node) {
    const size_t n = m_groups.size();
    const size_t level = m_here.size() / n;
    bool full = false;
    for (size_t g = 0; g < n; ++g) {
      const Sel::Complex& c = m_groups[g];
      uint64_t bits[4] = {level ? m_here[(level - 1) * n + g] : 0, level ? m_above[(level - 1) * n + g] : 0,
                          m_prev[level * n + g], m_prev_any[level * n + g]};
      uint64_t here = 0;
      for (size_t k = 0; k < c.parts.size(); ++k) {
        if (k > 0) {
          int which = 0;
          switch (c.combinators[k - 1]) {
            case Sel::Combinator::child: which = 0; break;
            case Sel::Combinator::descendant: which = 1; break;
            case Sel::Combinator::adjacent: which = 2; break;
            case Sel::Combinator::sibling: which = 3; break;
          }
          if (!((bits[which] >> (k - 1)) & 1)) continue;
        } else if (m_anchor) {
          if (node == m_anchor) here |= 1;  // the leftmost part is the anchor itself
          continue;
        }
        if (!spend()) return false;
        if (compound_matches(c.parts[k], node, m_ctx)) here |= uint64_t{1} << k;
      }
      m_here.push_back(here);
      m_above.push_back(bits[1] | here);
      full = full || ((here >> (c.parts.size() - 1)) & 1);
    }
    m_prev.resize((level + 2) * n, 0);  // this node's children have no previous siblings yet
    m_prev_any.resize((level + 2) * n, 0);
    std::fill(m_prev.begin() + (level + 1) * n, m_prev.end(), 0);
    std::fill(m_prev_any.begin() + (level + 1) * n, m_prev_any.end(), 0);
    return full;
  }

  void pop() {
    const size_t n = m_groups.size();
    const size_t level = m_here.size() / n - 1;
    for (size_t g = 0; g < n; ++g) {
      uint64_t here = m_here[level * n + g];
      m_prev[level * n + g] = here;
      m_prev_any[level * n + g] |= here;
    }
    m_here.resize(level * n);
    m_above.resize(level * n);
  }

  bool exhausted() const noexcept { return m_exhausted; }

 private:
  bool spend() {
    if (m_in_has && m_ctx.has_spent++ >= Sel::k_has_budget) {
      if (m_ctx.stats) m_ctx.stats->has_capped = true;
      m_exhausted = true;
      return false;
    }
    m_ctx.count();
    return true;
  }

  const std::vector<Sel::Complex>& m_groups;
  Context& m_ctx;
  const GumboNode* m_anchor;
  bool m_in_has, m_exhausted = false;
  std::vector<uint64_t> m_here, m_above;  // per path level, one word per group
  std::vector<uint64_t> m_prev, m_prev_any;
};

// Calls found(node) for each element in `top`'s subtree that matches (`top` itself only
// when `include_top`), in document order, until found returns true.
// True when found() asked to stop or the :has() budget ran out.
template <class Found>
bool walk_matches(PathMatcher& path, const GumboNode* top, bool include_top, Found&& found) {
  bool done = false;
  walk_tree(
      top,
      [&](const GumboNode* n) {
        if (done || (n != top && !is_element(n))) return false;
        bool full = path.push(n);
        if (path.exhausted()) done = true;
        if (full && (n != top || include_top)) done = found(n) || done;
        return !done;
      },
      [&](const GumboNode* n) {
        if (!done && (n == top || is_element(n))) path.pop();  // once done, the path is no longer read
      });
  return done;
}

template <class Found, class Stop>
void relative_walk(const std::vector<Sel::Complex>& groups, const GumboNode* anchor, Context& ctx, bool in_has,
                   Stop&& stop, Found&& found) {
  bool siblings = false;
  for (const Sel::Complex& c : groups)
    siblings = siblings || (!c.combinators.empty() && (c.combinators[0] == Sel::Combinator::adjacent ||
                                                       c.combinators[0] == Sel::Combinator::sibling));
  PathMatcher path(groups, ctx, anchor, in_has);
  if (anchor->parent) path.push(anchor->parent);  // level 0: the anchor's siblings share it
  for (const GumboNode* s = anchor; s; s = siblings ? next_element(s) : nullptr) {
    if (s != anchor && stop(s)) return;
    if (walk_matches(path, s, s != anchor, found)) return;
  }
}

}  // namespace

Result<Selector> Selector::compile_relative(std::string_view text) {
  auto s = compile_list(text, true);
  if (s) s->m_relative = true;
  return s;
}

Result<Selector> Selector::compile(std::string_view text) {
  return compile_list(text, false);
}

Result<Selector> Selector::compile_list(std::string_view text, bool relative) {
  auto groups = selector_detail::parse_selector(text, relative);
  if (!groups) return tl::unexpected(groups.error());
  for (const Complex& c : *groups)
    if (c.parts.size() > k_max_parts)
      return fail(ErrorKind::config, "selector \"" + std::string(text) + "\": more than " +
                                         std::to_string(k_max_parts) + " parts in one chain");
  Selector s;
  s.m_source = std::string(text);
  s.m_groups = std::move(*groups);
  return s;
}

bool Selector::matches(const GumboNode* node, const GumboNode* scope) const {
  if (!is_element(node)) return false;
  std::vector<const GumboNode*> path;  // node, its parent, ... up to the scope or the root
  for (const GumboNode* n = node; n; n = n->parent) {
    path.push_back(n);
    if (n == scope) break;
  }
  Context ctx;
  PathMatcher matcher(m_groups, ctx, nullptr, false);
  bool full = false;
  for (size_t i = path.size(); i-- > 0;) {
    if (i + 1 < path.size()) {  // previous siblings first, for `+` and `~`
      const GumboVector* kids = children(path[i + 1]);
      for (unsigned k = 0; kids && k < path[i]->index_within_parent; ++k) {
        const GumboNode* sibling = static_cast<const GumboNode*>(kids->data[k]);
        if (!is_element(sibling)) continue;
        matcher.push(sibling);
        matcher.pop();
      }
    }
    full = matcher.push(path[i]);
  }
  return full;
}

std::vector<const GumboNode*> Selector::select(const GumboNode* scope, MatchStats* stats) const {
  std::vector<const GumboNode*> out;
  if (!scope) return out;
  Context ctx;
  ctx.stats = stats;
  PathMatcher path(m_groups, ctx, nullptr, false);
  walk_matches(path, scope, false, [&](const GumboNode* n) {  // ancestors up to the scope inclusive
    out.push_back(n);
    return false;
  });
  return out;
}

std::vector<const GumboNode*> Selector::select_relative(const GumboNode* anchor, MatchStats* stats,
                                                        const std::function<bool(const GumboNode*)>& stop) const {
  std::vector<const GumboNode*> out;
  if (!is_element(anchor) || !m_relative) return out;
  Context ctx;
  ctx.stats = stats;
  relative_walk(
      m_groups, anchor, ctx, false, [&](const GumboNode* n) { return stop && stop(n); },
      [&](const GumboNode* n) {
        out.push_back(n);
        return false;
      });
  return out;
}

const GumboNode* Selector::select_first(const GumboNode* scope) const {
  const GumboNode* found = nullptr;
  if (!scope) return found;
  Context ctx;
  PathMatcher path(m_groups, ctx, nullptr, false);
  walk_matches(path, scope, false, [&](const GumboNode* n) {
    found = n;
    return true;
  });
  return found;
}

}  // namespace newswatch
