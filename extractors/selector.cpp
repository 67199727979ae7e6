#include "extractors/selector.h"

#include <cstdint>
#include <cstring>

#include "extractors/html.h"

namespace newswatch {
namespace {

bool is_name_char(char c) noexcept {
  unsigned char u = static_cast<unsigned char>(c);
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
         u >= 0x80;
}

bool is_ws(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// Recursive-descent parser over the selector text; `m_pos` is 0-based.
class Parser {
 public:
  explicit Parser(std::string_view text) : m_text(text) {}

  Result<std::vector<Selector::Complex>> parse() {
    std::vector<Selector::Complex> groups;
    for (;;) {
      skip_ws();
      Selector::Complex complex;
      if (!parse_complex(complex)) return error();
      groups.push_back(std::move(complex));
      skip_ws();
      if (at_end()) return groups;
      if (peek() != ',') return error("expected ',' or a combinator");
      ++m_pos;
    }
  }

 private:
  bool parse_complex(Selector::Complex& complex) {
    Selector::Compound compound;
    if (!parse_compound(compound)) return false;
    complex.parts.push_back(std::move(compound));
    for (;;) {
      size_t before = m_pos;
      skip_ws();
      bool spaced = m_pos > before;
      if (at_end() || peek() == ',') return true;
      Selector::Combinator comb = Selector::Combinator::descendant;
      if (peek() == '>') {
        comb = Selector::Combinator::child;
        ++m_pos;
        skip_ws();
      } else if (!spaced) {
        return set_error("unexpected character");
      }
      Selector::Compound next;
      if (!parse_compound(next)) return false;
      complex.combinators.push_back(comb);
      complex.parts.push_back(std::move(next));
    }
  }

  bool parse_compound(Selector::Compound& compound) {
    size_t start = m_pos;
    if (!at_end() && peek() == '*') {
      ++m_pos;
    } else if (!at_end() && is_name_char(peek())) {
      compound.tag_name = lower(name());
      compound.tag = gumbo_tag_enum(compound.tag_name.c_str());
    }
    while (!at_end()) {
      char c = peek();
      if (c == '.' || c == '#') {
        ++m_pos;
        std::string_view n = name();
        if (n.empty()) return set_error(c == '.' ? "expected a class name" : "expected an id");
        if (c == '.')
          compound.classes.emplace_back(n);
        else
          compound.id = std::string(n);
      } else if (c == '[') {
        if (!parse_attr(compound)) return false;
      } else {
        break;
      }
    }
    if (m_pos == start) return set_error("expected a selector");
    return true;
  }

  bool parse_attr(Selector::Compound& compound) {
    ++m_pos;  // '['
    skip_ws();
    Selector::AttrTest test;
    test.name = lower(name());
    if (test.name.empty()) return set_error("expected an attribute name");
    skip_ws();
    if (at_end()) return set_error("unclosed '['");
    if (peek() != ']') {
      if (!parse_op(test.op)) return false;
      skip_ws();
      if (!parse_value(test.value)) return false;
      skip_ws();
      if (at_end() || peek() != ']') return set_error("expected ']'");
    }
    ++m_pos;
    compound.attrs.push_back(std::move(test));
    return true;
  }

  bool parse_op(Selector::AttrOp& op) {
    char c = peek();
    if (c == '=') return ++m_pos, op = Selector::AttrOp::equals, true;
    static constexpr std::pair<char, Selector::AttrOp> k_ops[] = {{'^', Selector::AttrOp::prefix},
                                                                  {'$', Selector::AttrOp::suffix},
                                                                  {'*', Selector::AttrOp::contains},
                                                                  {'~', Selector::AttrOp::word}};
    for (auto [ch, value] : k_ops) {
      if (c == ch && m_pos + 1 < m_text.size() && m_text[m_pos + 1] == '=') {
        m_pos += 2;
        op = value;
        return true;
      }
    }
    return set_error("expected an attribute operator (=, ^=, $=, *=, ~=) or ']'");
  }

  bool parse_value(std::string& value) {
    if (at_end()) return set_error("expected a value");
    char q = peek();
    if (q == '"' || q == '\'') {
      size_t close = m_text.find(q, m_pos + 1);
      if (close == std::string_view::npos) return set_error("unclosed quote");
      value = std::string(m_text.substr(m_pos + 1, close - m_pos - 1));
      m_pos = close + 1;
      return true;
    }
    size_t start = m_pos;
    while (!at_end() && peek() != ']' && !is_ws(peek()) && peek() != '"' && peek() != '\'') ++m_pos;
    if (m_pos == start) return set_error("expected a value");
    value = std::string(m_text.substr(start, m_pos - start));
    return true;
  }

  std::string_view name() {
    size_t start = m_pos;
    while (!at_end() && is_name_char(peek())) ++m_pos;
    return m_text.substr(start, m_pos - start);
  }

  bool at_end() const noexcept { return m_pos >= m_text.size(); }
  char peek() const noexcept { return m_text[m_pos]; }
  void skip_ws() noexcept {
    while (!at_end() && is_ws(peek())) ++m_pos;
  }
  bool set_error(const char* message) {
    if (m_message.empty()) m_message = message, m_error_pos = m_pos;
    return false;
  }
  tl::unexpected<Error> error(const char* fallback = "invalid selector") {
    set_error(fallback);
    return fail(ErrorKind::config, "selector \"" + std::string(m_text) + "\": column " +
                                       std::to_string(m_error_pos + 1) + ": " + m_message);
  }

  std::string_view m_text;
  size_t m_pos = 0;
  std::string m_message;
  size_t m_error_pos = 0;
};

bool contains_word(std::string_view list, std::string_view word) noexcept {
  size_t i = 0;
  while (i < list.size()) {
    while (i < list.size() && is_ws(list[i])) ++i;
    size_t start = i;
    while (i < list.size() && !is_ws(list[i])) ++i;
    if (i > start && list.substr(start, i - start) == word) return true;
  }
  return false;
}

bool attr_matches(const Selector::AttrTest& test, const GumboNode* node) noexcept {
  const char* raw = attribute(node, test.name.c_str());
  if (!raw) return false;
  std::string_view v(raw);
  switch (test.op) {
    case Selector::AttrOp::exists: return true;
    case Selector::AttrOp::equals: return v == test.value;
    case Selector::AttrOp::prefix: return !test.value.empty() && v.substr(0, test.value.size()) == test.value;
    case Selector::AttrOp::suffix:
      return !test.value.empty() && v.size() >= test.value.size() &&
             v.substr(v.size() - test.value.size()) == test.value;
    case Selector::AttrOp::contains: return !test.value.empty() && v.find(test.value) != std::string_view::npos;
    case Selector::AttrOp::word: return contains_word(v, test.value);
  }
  return false;
}

bool compound_matches(const Selector::Compound& c, const GumboNode* node) noexcept {
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
  for (const Selector::AttrTest& test : c.attrs)
    if (!attr_matches(test, node)) return false;
  return true;
}

// The match bits of the elements on the path from the scope down to the element walked.
class PathMatcher {
 public:
  PathMatcher(const std::vector<Selector::Complex>& groups, Selector::MatchStats* stats)
      : m_groups(groups), m_stats(stats) {}

  // Adds `node` below the current path end; true when a whole complex selector matches it.
  bool push(const GumboNode* node) {
    const size_t n = m_groups.size();
    const size_t parent = m_here.size();  // the parent's bits start at parent - n
    bool full = false;
    for (size_t g = 0; g < n; ++g) {
      const Selector::Complex& c = m_groups[g];
      uint64_t parent_here = parent ? m_here[parent - n + g] : 0;
      uint64_t parent_above = parent ? m_above[parent - n + g] : 0;
      uint64_t here = 0;
      for (size_t k = 0; k < c.parts.size(); ++k) {
        if (k > 0) {
          uint64_t prefix = c.combinators[k - 1] == Selector::Combinator::child ? parent_here : parent_above;
          if (!((prefix >> (k - 1)) & 1)) continue;
        }
        if (m_stats) ++m_stats->compound_tests;
        if (compound_matches(c.parts[k], node)) here |= uint64_t{1} << k;
      }
      m_here.push_back(here);
      m_above.push_back(parent_above | here);
      full = full || ((here >> (c.parts.size() - 1)) & 1);
    }
    return full;
  }

  void pop() {
    m_here.resize(m_here.size() - m_groups.size());
    m_above.resize(m_above.size() - m_groups.size());
  }

 private:
  const std::vector<Selector::Complex>& m_groups;
  Selector::MatchStats* m_stats;
  std::vector<uint64_t> m_here, m_above;  // per path level, one word per group
};

// Calls found(node) for each element strictly below `scope` that matches, in document
// order, until found returns true.
template <class Found>
void match_below(const std::vector<Selector::Complex>& groups, const GumboNode* scope, Selector::MatchStats* stats,
                 Found&& found) {
  PathMatcher path(groups, stats);
  path.push(scope);  // ancestors are looked for up to the scope inclusive
  bool done = false;
  walk_tree(
      scope,
      [&](const GumboNode* n) {
        if (n == scope) return true;
        if (done || !is_element(n)) return false;
        done = path.push(n) && found(n);
        return !done;
      },
      [&](const GumboNode* n) {
        if (!done && n != scope && is_element(n)) path.pop();  // once done, the path is no longer read
      });
}

}  // namespace

Result<Selector> Selector::compile(std::string_view text) {
  auto groups = Parser(text).parse();
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
  PathMatcher matcher(m_groups, nullptr);
  bool full = false;
  for (size_t i = path.size(); i-- > 0;) full = matcher.push(path[i]);
  return full;
}

std::vector<const GumboNode*> Selector::select(const GumboNode* scope, MatchStats* stats) const {
  std::vector<const GumboNode*> out;
  if (!scope) return out;
  match_below(m_groups, scope, stats, [&](const GumboNode* n) {
    out.push_back(n);
    return false;
  });
  return out;
}

const GumboNode* Selector::select_first(const GumboNode* scope) const {
  const GumboNode* found = nullptr;
  if (!scope) return found;
  match_below(m_groups, scope, nullptr, [&](const GumboNode* n) {
    found = n;
    return true;
  });
  return found;
}

}  // namespace newswatch
