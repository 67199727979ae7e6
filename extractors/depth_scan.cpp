// The depth pre-scan. It walks the bytes once, tokenising only as far as tag
// names, attribute quoting, comments and raw-text elements need, and keeps a
// model of the HTML5 tree builder's stack of open elements. The model must
// never close an element that Gumbo keeps open (that would let a deep page
// through), so where the real rules are subtle it closes less:
//  - an end tag pops to its element only through what the spec lets it pass
//    (generic tags stop at "special" elements, special ones at scope
//    boundaries, table tags at table boundaries); otherwise it is ignored;
//  - a misnested formatting end tag (the adoption agency's case) pops nothing;
//  - implied ends are modelled for p, li, dd/dt, option, headings and table
//    parts, the common unclosed tags of real pages; td/th/tr also push the
//    tbody/tr Gumbo inserts;
//  - self-closing syntax counts only in foreign (svg/math) content, which a
//    breakout tag (div, p, font with color/face/size, ...) leaves.
// Formatting elements (b, i, a, font, ...) not yet closed by their end tag are
// counted again on top of the stack: Gumbo clones them back in under later
// elements ("reconstruct the active formatting elements"), which is how
// `<p><b id=1></p><p><b id=2></p>...` nests deeper than its start tags show.
// Markers (td, th, caption, object, ...) clear them as in the spec.

#include "extractors/depth_scan.h"
#include "config/ascii.h"

#include <gumbo.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <initializer_list>
#include <vector>

namespace newswatch {
namespace {

using TagSet = std::array<bool, GUMBO_TAG_LAST + 1>;

TagSet make_set(std::initializer_list<GumboTag> tags) {
  TagSet set{};
  for (GumboTag t : tags) set[t] = true;
  return set;
}

// clang-format off
const TagSet k_void = make_set({GUMBO_TAG_AREA, GUMBO_TAG_BASE, GUMBO_TAG_BASEFONT, GUMBO_TAG_BGSOUND, GUMBO_TAG_BR,
    GUMBO_TAG_COL, GUMBO_TAG_EMBED, GUMBO_TAG_FRAME, GUMBO_TAG_HR, GUMBO_TAG_IMG, GUMBO_TAG_IMAGE, GUMBO_TAG_INPUT,
    GUMBO_TAG_KEYGEN, GUMBO_TAG_LINK, GUMBO_TAG_META, GUMBO_TAG_PARAM, GUMBO_TAG_SOURCE, GUMBO_TAG_TRACK,
    GUMBO_TAG_WBR});
const TagSet k_ignored = make_set({GUMBO_TAG_HTML, GUMBO_TAG_HEAD, GUMBO_TAG_BODY});
const TagSet k_raw_text = make_set({GUMBO_TAG_SCRIPT, GUMBO_TAG_STYLE, GUMBO_TAG_XMP, GUMBO_TAG_IFRAME,
    GUMBO_TAG_NOEMBED, GUMBO_TAG_NOFRAMES, GUMBO_TAG_TEXTAREA, GUMBO_TAG_TITLE});
const TagSet k_formatting = make_set({GUMBO_TAG_A, GUMBO_TAG_B, GUMBO_TAG_BIG, GUMBO_TAG_CODE, GUMBO_TAG_EM,
    GUMBO_TAG_FONT, GUMBO_TAG_I, GUMBO_TAG_NOBR, GUMBO_TAG_S, GUMBO_TAG_SMALL, GUMBO_TAG_STRIKE, GUMBO_TAG_STRONG,
    GUMBO_TAG_TT, GUMBO_TAG_U});
const TagSet k_marker = make_set({GUMBO_TAG_APPLET, GUMBO_TAG_OBJECT, GUMBO_TAG_MARQUEE, GUMBO_TAG_TEMPLATE,
    GUMBO_TAG_TD, GUMBO_TAG_TH, GUMBO_TAG_CAPTION});
// Foreign elements whose content is parsed as HTML again.
const TagSet k_integration = make_set({GUMBO_TAG_FOREIGNOBJECT, GUMBO_TAG_DESC, GUMBO_TAG_TITLE, GUMBO_TAG_MI,
    GUMBO_TAG_MO, GUMBO_TAG_MN, GUMBO_TAG_MS, GUMBO_TAG_MTEXT, GUMBO_TAG_ANNOTATION_XML});
const TagSet k_scope = make_set({GUMBO_TAG_APPLET, GUMBO_TAG_CAPTION, GUMBO_TAG_HTML, GUMBO_TAG_TABLE, GUMBO_TAG_TD,
    GUMBO_TAG_TH, GUMBO_TAG_MARQUEE, GUMBO_TAG_OBJECT, GUMBO_TAG_TEMPLATE});
const TagSet k_special = make_set({GUMBO_TAG_ADDRESS, GUMBO_TAG_APPLET, GUMBO_TAG_AREA, GUMBO_TAG_ARTICLE,
    GUMBO_TAG_ASIDE, GUMBO_TAG_BASE, GUMBO_TAG_BASEFONT, GUMBO_TAG_BGSOUND, GUMBO_TAG_BLOCKQUOTE, GUMBO_TAG_BODY,
    GUMBO_TAG_BR, GUMBO_TAG_BUTTON, GUMBO_TAG_CAPTION, GUMBO_TAG_CENTER, GUMBO_TAG_COL, GUMBO_TAG_COLGROUP,
    GUMBO_TAG_DD, GUMBO_TAG_DETAILS, GUMBO_TAG_DIR, GUMBO_TAG_DIV, GUMBO_TAG_DL, GUMBO_TAG_DT, GUMBO_TAG_EMBED,
    GUMBO_TAG_FIELDSET, GUMBO_TAG_FIGCAPTION, GUMBO_TAG_FIGURE, GUMBO_TAG_FOOTER, GUMBO_TAG_FORM, GUMBO_TAG_FRAME,
    GUMBO_TAG_FRAMESET, GUMBO_TAG_H1, GUMBO_TAG_H2, GUMBO_TAG_H3, GUMBO_TAG_H4, GUMBO_TAG_H5, GUMBO_TAG_H6,
    GUMBO_TAG_HEAD, GUMBO_TAG_HEADER, GUMBO_TAG_HGROUP, GUMBO_TAG_HR, GUMBO_TAG_HTML, GUMBO_TAG_IFRAME,
    GUMBO_TAG_IMG, GUMBO_TAG_INPUT, GUMBO_TAG_KEYGEN, GUMBO_TAG_LI, GUMBO_TAG_LINK, GUMBO_TAG_LISTING,
    GUMBO_TAG_MAIN, GUMBO_TAG_MARQUEE, GUMBO_TAG_MENU, GUMBO_TAG_META, GUMBO_TAG_NAV, GUMBO_TAG_NOEMBED,
    GUMBO_TAG_NOFRAMES, GUMBO_TAG_NOSCRIPT, GUMBO_TAG_OBJECT, GUMBO_TAG_OL, GUMBO_TAG_P, GUMBO_TAG_PARAM,
    GUMBO_TAG_PLAINTEXT, GUMBO_TAG_PRE, GUMBO_TAG_SCRIPT, GUMBO_TAG_SECTION, GUMBO_TAG_SELECT, GUMBO_TAG_SOURCE,
    GUMBO_TAG_STYLE, GUMBO_TAG_SUMMARY, GUMBO_TAG_TABLE, GUMBO_TAG_TBODY, GUMBO_TAG_TD, GUMBO_TAG_TEMPLATE,
    GUMBO_TAG_TEXTAREA, GUMBO_TAG_TFOOT, GUMBO_TAG_TH, GUMBO_TAG_THEAD, GUMBO_TAG_TITLE, GUMBO_TAG_TR,
    GUMBO_TAG_TRACK, GUMBO_TAG_UL, GUMBO_TAG_WBR, GUMBO_TAG_XMP, GUMBO_TAG_FOREIGNOBJECT, GUMBO_TAG_DESC,
    GUMBO_TAG_MI, GUMBO_TAG_MO, GUMBO_TAG_MN, GUMBO_TAG_MS, GUMBO_TAG_MTEXT, GUMBO_TAG_ANNOTATION_XML});
// Start tags that close an open <p> (in button scope).
const TagSet k_closes_p = make_set({GUMBO_TAG_ADDRESS, GUMBO_TAG_ARTICLE, GUMBO_TAG_ASIDE, GUMBO_TAG_BLOCKQUOTE,
    GUMBO_TAG_CENTER, GUMBO_TAG_DETAILS, GUMBO_TAG_DIR, GUMBO_TAG_DIV, GUMBO_TAG_DL,
    GUMBO_TAG_FIELDSET, GUMBO_TAG_FIGCAPTION, GUMBO_TAG_FIGURE, GUMBO_TAG_FOOTER, GUMBO_TAG_HEADER,
    GUMBO_TAG_HGROUP, GUMBO_TAG_MAIN, GUMBO_TAG_MENU, GUMBO_TAG_NAV, GUMBO_TAG_OL, GUMBO_TAG_P, GUMBO_TAG_SECTION,
    GUMBO_TAG_SUMMARY, GUMBO_TAG_UL, GUMBO_TAG_H1, GUMBO_TAG_H2, GUMBO_TAG_H3, GUMBO_TAG_H4, GUMBO_TAG_H5,
    GUMBO_TAG_H6, GUMBO_TAG_PRE, GUMBO_TAG_LISTING, GUMBO_TAG_FORM, GUMBO_TAG_LI, GUMBO_TAG_DD, GUMBO_TAG_DT,
    GUMBO_TAG_PLAINTEXT, GUMBO_TAG_XMP});
// Start tags that leave foreign content.
const TagSet k_breakout = make_set({GUMBO_TAG_B, GUMBO_TAG_BIG, GUMBO_TAG_BLOCKQUOTE, GUMBO_TAG_BODY, GUMBO_TAG_BR,
    GUMBO_TAG_CENTER, GUMBO_TAG_CODE, GUMBO_TAG_DD, GUMBO_TAG_DIV, GUMBO_TAG_DL, GUMBO_TAG_DT, GUMBO_TAG_EM,
    GUMBO_TAG_EMBED, GUMBO_TAG_H1, GUMBO_TAG_H2, GUMBO_TAG_H3, GUMBO_TAG_H4, GUMBO_TAG_H5, GUMBO_TAG_H6,
    GUMBO_TAG_HEAD, GUMBO_TAG_HR, GUMBO_TAG_I, GUMBO_TAG_IMG, GUMBO_TAG_LI, GUMBO_TAG_LISTING, GUMBO_TAG_MENU,
    GUMBO_TAG_META, GUMBO_TAG_NOBR, GUMBO_TAG_OL, GUMBO_TAG_P, GUMBO_TAG_PRE, GUMBO_TAG_RUBY, GUMBO_TAG_S,
    GUMBO_TAG_SMALL, GUMBO_TAG_SPAN, GUMBO_TAG_STRONG, GUMBO_TAG_STRIKE, GUMBO_TAG_SUB, GUMBO_TAG_SUP,
    GUMBO_TAG_TABLE, GUMBO_TAG_TT, GUMBO_TAG_U, GUMBO_TAG_UL, GUMBO_TAG_VAR});
// clang-format on

bool is_heading(GumboTag t) noexcept {
  return t >= GUMBO_TAG_H1 && t <= GUMBO_TAG_H6;
}

using ascii::is_alpha;

using ascii::is_space;

bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if ((a[i] | 0x20) != (b[i] | 0x20)) return false;
  return true;
}

struct Open {
  GumboTag tag;
  std::string_view name;  // the source spelling, for unknown tags
  bool foreign;
};

struct Tag {
  GumboTag tag = GUMBO_TAG_UNKNOWN;
  std::string_view name;
  bool end = false;
  bool self_closing = false;
  bool font_breakout = false;  // <font> with color, face or size
};

class Model {
 public:
  explicit Model(std::size_t walk_cap) : m_walk_cap(walk_cap) {}
  std::size_t max() const noexcept { return m_max; }
  bool foreign() const noexcept { return !m_stack.empty() && m_stack.back().foreign; }

  void start(const Tag& t) {
    if (foreign() && !k_integration[m_stack.back().tag]) {
      if (!k_breakout[t.tag] && !t.font_breakout) return t.self_closing ? leaf() : push(t, true);
      while (foreign() && !k_integration[m_stack.back().tag]) pop();
    }
    if (t.tag == GUMBO_TAG_SVG || t.tag == GUMBO_TAG_MATH) return t.self_closing ? leaf() : push(t, true);
    if (k_ignored[t.tag]) return;
    if (k_void[t.tag]) return leaf();
    implied_ends(t.tag);
    if (t.tag == GUMBO_TAG_TD || t.tag == GUMBO_TAG_TH || t.tag == GUMBO_TAG_TR) implied_rows(t.tag);
    if (k_formatting[t.tag]) {
      if (t.tag == GUMBO_TAG_A && remove_formatting(GUMBO_TAG_A) && top(GUMBO_TAG_A)) pop();
      m_formatting.push_back(t.tag);
      ++m_formatting_count;
    }
    if (k_marker[t.tag]) m_formatting.push_back(GUMBO_TAG_LAST);
    push(t, false);
  }

  void end(const Tag& t) {
    if (k_ignored[t.tag] || t.tag == GUMBO_TAG_BR) return;
    if (k_formatting[t.tag]) {
      remove_formatting(t.tag);
      if (top(t.tag)) pop();
      return;
    }
    bool table_part = t.tag == GUMBO_TAG_TABLE || t.tag == GUMBO_TAG_TBODY || t.tag == GUMBO_TAG_THEAD ||
                      t.tag == GUMBO_TAG_TFOOT || t.tag == GUMBO_TAG_TR || t.tag == GUMBO_TAG_TD ||
                      t.tag == GUMBO_TAG_TH || t.tag == GUMBO_TAG_CAPTION || t.tag == GUMBO_TAG_COLGROUP;
    for (size_t i = m_stack.size(); i-- > 0 && within_cap(m_stack.size(), i);) {
      const Open& o = m_stack[i];
      if (o.tag == t.tag && (t.tag != GUMBO_TAG_UNKNOWN || iequals(o.name, t.name))) return pop_to(i);
      if (is_heading(t.tag) && is_heading(o.tag)) return pop_to(i);
      bool blocks = table_part ? (o.tag == GUMBO_TAG_TABLE || o.tag == GUMBO_TAG_TEMPLATE)
                    : !k_special[t.tag] && !o.foreign
                        ? k_special[o.tag]
                        : k_scope[o.tag] || k_integration[o.tag] ||
                              (t.tag == GUMBO_TAG_LI && (o.tag == GUMBO_TAG_OL || o.tag == GUMBO_TAG_UL)) ||
                              (t.tag == GUMBO_TAG_P && o.tag == GUMBO_TAG_BUTTON);
      if (blocks) return;
    }
  }

 private:
  // Walks look at most m_walk_cap entries from the top: past the cap nothing is popped,
  // which only raises the estimate, and the scan stays linear on a page of any depth.
  bool within_cap(size_t size, size_t i) const noexcept { return size - i <= m_walk_cap; }

  bool top(GumboTag t) const noexcept { return !m_stack.empty() && m_stack.back().tag == t; }

  void push(const Tag& t, bool foreign) {
    m_stack.push_back({t.tag, t.name, foreign});
    ++m_open[t.tag];
    // html and body, the stack, and every formatting element that may be cloned back in.
    m_max = std::max(m_max, 2 + m_stack.size() + m_formatting_count);
  }

  // An element inserted and closed at once (void, or self-closing in foreign content).
  void leaf() { m_max = std::max(m_max, 3 + m_stack.size() + m_formatting_count); }

  void pop() {
    if (k_marker[m_stack.back().tag] && !m_stack.back().foreign) {
      while (!m_formatting.empty() && m_formatting.back() != GUMBO_TAG_LAST) pop_formatting();
      if (!m_formatting.empty()) m_formatting.pop_back();
    }
    --m_open[m_stack.back().tag];
    m_stack.pop_back();
  }

  void pop_to(size_t index) {
    while (m_stack.size() > index) pop();
  }

  void pop_formatting() {
    m_formatting.pop_back();
    --m_formatting_count;
  }

  // Removes the last `tag` entry after the last marker; false when there is none.
  bool remove_formatting(GumboTag tag) {
    for (size_t i = m_formatting.size(); i-- > 0 && within_cap(m_formatting.size(), i);) {
      if (m_formatting[i] == GUMBO_TAG_LAST) return false;
      if (m_formatting[i] == tag) {
        m_formatting.erase(m_formatting.begin() + static_cast<std::ptrdiff_t>(i));
        --m_formatting_count;
        return true;
      }
    }
    return false;
  }

  // Pops to the nearest `want` unless an element `stops` first; true when popped.
  template <class Stops>
  bool pop_to_nearest(std::initializer_list<GumboTag> wanted, Stops stops) {
    auto want = [&](GumboTag t) { return std::find(wanted.begin(), wanted.end(), t) != wanted.end(); };
    if (std::none_of(wanted.begin(), wanted.end(), [&](GumboTag t) { return m_open[t] > 0; })) return false;
    for (size_t i = m_stack.size(); i-- > 0 && within_cap(m_stack.size(), i);) {
      if (m_stack[i].foreign) return false;
      if (want(m_stack[i].tag)) return pop_to(i), true;
      if (stops(m_stack[i].tag)) return false;
    }
    return false;
  }

  void implied_ends(GumboTag t) {
    if (k_closes_p[t]) pop_to_nearest({GUMBO_TAG_P}, [](GumboTag o) { return k_scope[o] || o == GUMBO_TAG_BUTTON; });
    if (is_heading(t) && !m_stack.empty() && is_heading(m_stack.back().tag) && !m_stack.back().foreign) pop();
    auto li_stop = [](GumboTag o) {
      return k_special[o] && o != GUMBO_TAG_ADDRESS && o != GUMBO_TAG_DIV && o != GUMBO_TAG_P;
    };
    if (t == GUMBO_TAG_LI) pop_to_nearest({GUMBO_TAG_LI}, li_stop);
    if (t == GUMBO_TAG_DD || t == GUMBO_TAG_DT) pop_to_nearest({GUMBO_TAG_DD, GUMBO_TAG_DT}, li_stop);
    if ((t == GUMBO_TAG_OPTION || t == GUMBO_TAG_OPTGROUP) && top(GUMBO_TAG_OPTION)) pop();
  }

  // td/th close the open cell; tr closes the open row; both get the tbody/tr Gumbo inserts.
  void implied_rows(GumboTag t) {
    auto table_stop = [](GumboTag o) { return o == GUMBO_TAG_TABLE || o == GUMBO_TAG_TEMPLATE; };
    pop_to_nearest({GUMBO_TAG_TD, GUMBO_TAG_TH}, table_stop);
    if (t == GUMBO_TAG_TR) pop_to_nearest({GUMBO_TAG_TR}, table_stop);
    if (top(GUMBO_TAG_TABLE)) push({GUMBO_TAG_TBODY, {}, false, false, false}, false);
    if (t != GUMBO_TAG_TR && (top(GUMBO_TAG_TBODY) || top(GUMBO_TAG_THEAD) || top(GUMBO_TAG_TFOOT)))
      push({GUMBO_TAG_TR, {}, false, false, false}, false);
  }

  std::vector<Open> m_stack;
  std::array<std::size_t, GUMBO_TAG_LAST + 1> m_open{};  // open elements per tag
  std::vector<GumboTag> m_formatting;                    // GUMBO_TAG_LAST is a marker
  std::size_t m_formatting_count = 0;
  std::size_t m_max = 2;
  std::size_t m_walk_cap;
};

// Reads a tag at html[i] == '<' (followed by a letter, or '/' and a letter); returns the index after its '>'.
size_t read_tag(std::string_view html, size_t i, Tag& t) {
  t.end = html[i + 1] == '/';
  size_t p = i + (t.end ? 2 : 1);
  size_t start = p;
  while (p < html.size() && !is_space(html[p]) && html[p] != '/' && html[p] != '>') ++p;
  t.name = html.substr(start, p - start);
  char lower[32];
  t.tag = GUMBO_TAG_UNKNOWN;
  if (t.name.size() < sizeof lower) {
    for (size_t k = 0; k < t.name.size(); ++k) lower[k] = static_cast<char>(t.name[k] | 0x20);
    t.tag = gumbo_tagn_enum(lower, static_cast<unsigned>(t.name.size()));
  }
  while (p < html.size()) {
    char c = html[p];
    if (c == '>') return p + 1;
    if (c == '/') {
      t.self_closing = p + 1 < html.size() && html[p + 1] == '>';
      ++p;
      continue;
    }
    if (is_space(c)) {
      ++p;
      continue;
    }
    size_t name_at = p;  // an attribute: name, then an optional (quoted) value
    while (p < html.size() && !is_space(html[p]) && html[p] != '/' && html[p] != '>' && html[p] != '=') ++p;
    std::string_view attr = html.substr(name_at, std::max<size_t>(p - name_at, 1));
    if (iequals(attr, "color") || iequals(attr, "face") || iequals(attr, "size"))
      t.font_breakout = t.tag == GUMBO_TAG_FONT;
    while (p < html.size() && is_space(html[p])) ++p;
    if (p >= html.size() || html[p] != '=') continue;
    ++p;
    while (p < html.size() && is_space(html[p])) ++p;
    if (p < html.size() && (html[p] == '"' || html[p] == '\'')) {
      size_t close = html.find(html[p], p + 1);
      p = close == std::string_view::npos ? html.size() : close + 1;
    } else {
      while (p < html.size() && !is_space(html[p]) && html[p] != '>') ++p;
    }
  }
  return html.size();
}

// The end of raw text that `name` opened at `from`: the start of its "</name", or the end of the page.
size_t raw_text_end(std::string_view html, size_t from, std::string_view name) {
  for (size_t p = html.find("</", from); p != std::string_view::npos; p = html.find("</", p + 2))
    if (iequals(html.substr(p + 2, name.size()), name)) return p;
  return html.size();
}

// The index after a comment or other markup declaration starting at html[i] == '<'.
size_t skip_declaration(std::string_view html, size_t i) {
  if (html.substr(i, 4) == "<!--") {
    size_t a = html.find("-->", i + 2), b = html.find("--!>", i + 2);
    size_t end =
        std::min(a == std::string_view::npos ? html.size() : a + 3, b == std::string_view::npos ? html.size() : b + 4);
    return end;
  }
  size_t gt = html.find('>', i);
  return gt == std::string_view::npos ? html.size() : gt + 1;
}

}  // namespace

std::size_t markup_depth_bound(std::string_view html, std::size_t exact_up_to) {
  Model model(exact_up_to + 1);
  size_t i = 0;
  while ((i = html.find('<', i)) != std::string_view::npos) {
    if (i + 1 >= html.size()) break;
    char next = html[i + 1];
    bool end_tag = next == '/' && i + 2 < html.size() && is_alpha(html[i + 2]);
    if (next == '!' || next == '?' || (next == '/' && !end_tag)) {
      i = skip_declaration(html, i);
      continue;
    }
    if (!end_tag && !is_alpha(next)) {
      ++i;
      continue;
    }
    Tag t;
    i = read_tag(html, i, t);
    if (t.end) {
      model.end(t);
      continue;
    }
    model.start(t);
    if (model.foreign()) continue;  // raw text is HTML's: <svg><style> holds markup
    if (t.tag == GUMBO_TAG_PLAINTEXT) break;
    if (k_raw_text[t.tag]) i = raw_text_end(html, i, t.name);
  }
  return model.max();
}

}  // namespace newswatch
