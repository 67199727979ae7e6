#include "extractors/html.h"

#include <algorithm>
#include <cstring>

#include "extractors/depth_scan.h"
#include "extractors/utf8.h"

namespace newswatch {

const GumboOptions& parse_options() noexcept {
  static const GumboOptions options = [] {
    GumboOptions o = kGumboDefaultOptions;
    o.max_errors = k_max_parse_errors;
    return o;
  }();
  return options;
}

Result<HtmlDocument> HtmlDocument::parse(std::string_view html) {
  // Before parsing: Gumbo's time grows with the square of the depth and its destroy recurses per level.
  if (std::size_t bound = markup_depth_bound(html, k_max_tree_depth); bound > k_max_tree_depth)
    return fail(ErrorKind::parse, "page refused unparsed: its markup nests up to " + std::to_string(bound) +
                                      " elements deep, over the limit of " + std::to_string(k_max_tree_depth));
  // The bound is never below the depth Gumbo builds (tests/extractors/hostile_test.cpp and the
  // fuzz_extract_html target check it), so the tree is not walked again to measure it: on a
  // multi-MB page that walk alone cost a tenth of the extraction.
  auto arena = std::make_unique<ParseArena>(html.size());
  const GumboOptions options = arena->options(parse_options());
  GumboOutput* output = gumbo_parse_with_options(&options, html.data(), html.size());
  return HtmlDocument(std::move(arena), output);
}

const GumboNode* HtmlDocument::head() const noexcept {
  const GumboVector& kids = m_output->root->v.element.children;
  for (unsigned i = 0; i < kids.length; ++i)
    if (const auto* n = static_cast<const GumboNode*>(kids.data[i]); tag(n) == GUMBO_TAG_HEAD) return n;
  return m_output->root;
}

std::size_t tree_depth(const GumboNode* root) {
  std::size_t depth = 0, deepest = 0;
  walk_tree(
      root,
      [&](const GumboNode* n) {
        if (is_element(n) && n != root) deepest = std::max(deepest, ++depth);
        return true;
      },
      [&](const GumboNode* n) {
        if (is_element(n) && n != root) --depth;
      });
  return deepest;
}

std::string_view tag_name(const GumboNode* node) noexcept {
  if (!is_element(node)) return {};
  GumboTag t = node->v.element.tag;
  if (t != GUMBO_TAG_UNKNOWN) return gumbo_normalized_tagname(t);
  // Unknown tags keep their original spelling; strip "<" and attributes.
  GumboStringPiece piece = node->v.element.original_tag;
  gumbo_tag_from_original_text(&piece);
  return {piece.data, piece.length};
}

const char* attribute(const GumboNode* node, const char* name) noexcept {
  if (!is_element(node)) return nullptr;
  const GumboAttribute* attr = gumbo_get_attribute(&node->v.element.attributes, name);
  return attr ? attr->value : nullptr;
}

const GumboVector* children(const GumboNode* node) noexcept {
  if (!node) return nullptr;
  if (node->type == GUMBO_NODE_DOCUMENT) return &node->v.document.children;
  if (is_element(node)) return &node->v.element.children;
  return nullptr;
}

bool has_class(const GumboNode* node, std::string_view cls) noexcept {
  const char* value = attribute(node, "class");
  if (!value || cls.empty()) return false;
  std::string_view list(value);
  size_t i = 0;
  while (i < list.size()) {
    while (i < list.size() && std::strchr(" \t\n\r\f", list[i])) ++i;
    size_t start = i;
    while (i < list.size() && !std::strchr(" \t\n\r\f", list[i])) ++i;
    if (list.substr(start, i - start) == cls) return true;
  }
  return false;
}

bool contains(const GumboNode* ancestor, const GumboNode* node) noexcept {
  for (; node; node = node->parent)
    if (node == ancestor) return true;
  return false;
}

namespace {

// Block-level boundaries separate words even when the markup has no space.
bool is_block(GumboTag t) noexcept {
  return t == GUMBO_TAG_BR || t == GUMBO_TAG_P || t == GUMBO_TAG_DIV || t == GUMBO_TAG_LI ||
         (t >= GUMBO_TAG_H1 && t <= GUMBO_TAG_H6);
}

}  // namespace

void append_raw_text(const GumboNode* node, std::string& out) {
  walk_tree(
      node,
      [&](const GumboNode* n) {
        switch (n->type) {
          case GUMBO_NODE_TEXT:
          case GUMBO_NODE_CDATA:
          case GUMBO_NODE_WHITESPACE: out += n->v.text.text; return false;
          case GUMBO_NODE_COMMENT: return false;
          default: break;
        }
        GumboTag t = tag(n);
        if (t == GUMBO_TAG_SCRIPT || t == GUMBO_TAG_STYLE || t == GUMBO_TAG_NOSCRIPT || t == GUMBO_TAG_TEMPLATE)
          return false;
        if (is_block(t)) out += ' ';
        return true;
      },
      [&](const GumboNode* n) {
        if (is_block(tag(n))) out += ' ';
      });
}

namespace {

bool is_space(std::string_view s, size_t i, size_t& len) noexcept {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') return len = 1, true;
  // U+00A0 no-break space counts as whitespace in headlines.
  if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) return len = 2, true;
  return false;
}

}  // namespace

std::string clean_text(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  bool pending_space = false;
  size_t i = 0;
  while (i < raw.size()) {
    size_t len = 0;
    if (is_space(raw, i, len)) {
      pending_space = !out.empty();
      i += len;
      continue;
    }
    if (pending_space) out += ' ', pending_space = false;
    len = utf8_sequence_length(raw, i);
    if (len == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
      continue;
    }
    out.append(raw.data() + i, len);
    i += len;
  }
  return out;
}

std::string text(const GumboNode* node) {
  if (!node) return {};
  std::string raw;
  append_raw_text(node, raw);
  return clean_text(raw);
}

}  // namespace newswatch
