#pragma once
// Gumbo behind RAII, plus the few node and text helpers every extractor needs.
// Gumbo already decodes entities; text() adds what a listing needs on top:
// script/style skipped, whitespace runs collapsed to one space, trimmed, and
// any invalid UTF-8 replaced by U+FFFD so the result is always valid JSON text.
// Pages are hostile: a document is parsed only after a linear pre-scan bounds
// its nesting (depth_scan.h), Gumbo keeps at most k_max_parse_errors error
// records (each copies the open-element stack), the parsed tree's depth is
// checked again, and every walk over the tree is iterative (walk_tree).

#include <gumbo.h>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "config/error.h"
#include "extractors/parse_arena.h"

namespace newswatch {

/// Deepest element nesting a page may have (browsers cap around 512; news pages stay under 100).
inline constexpr std::size_t k_max_tree_depth = 512;
/// Parse errors Gumbo records; it goes on parsing after this many.
inline constexpr int k_max_parse_errors = 50;

/// The options every page is parsed with (default allocator, bounded error records).
const GumboOptions& parse_options() noexcept;

/// A parsed HTML document; owns its GumboOutput, whose every node lives in the document's ParseArena
/// (parse_arena.h), so dropping the document frees the tree at once, without gumbo_destroy_output's walk.
class HtmlDocument {
 public:
  /// Parses `html` (any bytes: Gumbo recovers from malformed markup); fails with
  /// ErrorKind::parse naming the depth when the page nests deeper than
  /// k_max_tree_depth, judged before parsing (markup_depth_bound, an upper bound of the depth).
  static Result<HtmlDocument> parse(std::string_view html);
  /// The document node (parent of <html>); never null.
  const GumboNode* root() const noexcept { return m_output->document; }
  /// The <html> element node.
  const GumboNode* html() const noexcept { return m_output->root; }
  /// The <head> element (Gumbo always makes one), where <link rel=canonical> and <meta> belong:
  /// searching it alone spares a walk over a large body.
  const GumboNode* head() const noexcept;
  /// How many parse errors Gumbo recorded (at most k_max_parse_errors).
  std::size_t error_count() const noexcept { return m_output->errors.length; }

 private:
  HtmlDocument(std::unique_ptr<ParseArena> arena, GumboOutput* output) : m_arena(std::move(arena)), m_output(output) {}
  std::unique_ptr<ParseArena> m_arena;  ///< owns m_output's memory
  GumboOutput* m_output;
};

/// Calls enter(node) for `root` and every node below it in document order, and
/// leave(node) after its children; enter returning false skips the children.
/// Iterative (parent links and sibling indexes, no stack): trees are hostile.
template <class Enter, class Leave>
void walk_tree(const GumboNode* root, Enter&& enter, Leave&& leave);

/// The deepest element nesting below `root` (an element child of `root` is at depth 1).
std::size_t tree_depth(const GumboNode* root);

/// True when `node` is an element (or template) node.
inline bool is_element(const GumboNode* node) noexcept {
  return node && (node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE);
}

/// The element's tag (GUMBO_TAG_UNKNOWN for non-elements).
inline GumboTag tag(const GumboNode* node) noexcept {
  return is_element(node) ? node->v.element.tag : GUMBO_TAG_UNKNOWN;
}

/// The lower-case tag name of an element, including unknown (custom) tags.
std::string_view tag_name(const GumboNode* node) noexcept;

/// The value of attribute `name` (lower-case), or nullptr when absent.
const char* attribute(const GumboNode* node, const char* name) noexcept;

/// The children vector of an element or document node (nullptr for text nodes).
const GumboVector* children(const GumboNode* node) noexcept;

/// True when the whitespace-separated class list of `node` holds `cls`.
bool has_class(const GumboNode* node, std::string_view cls) noexcept;

/// True when `ancestor` is `node` or one of its ancestors.
bool contains(const GumboNode* ancestor, const GumboNode* node) noexcept;

/// Appends the node's visible text (no script/style/template/noscript), raw.
void append_raw_text(const GumboNode* node, std::string& out);

/// Whitespace collapsed, trimmed, invalid UTF-8 replaced by U+FFFD.
std::string clean_text(std::string_view raw);

/// The visible text of `node`, cleaned (see clean_text).
std::string text(const GumboNode* node);

template <class Enter, class Leave>
void walk_tree(const GumboNode* root, Enter&& enter, Leave&& leave) {
  if (!root) return;
  const GumboNode* node = root;
  for (;;) {
    const GumboVector* kids = enter(node) ? children(node) : nullptr;
    if (kids && kids->length > 0) {
      node = static_cast<const GumboNode*>(kids->data[0]);
      continue;
    }
    for (;;) {  // leave the node, then go to its next sibling or up
      leave(node);
      if (node == root) return;
      const GumboVector* siblings = children(node->parent);
      std::size_t next = node->index_within_parent + 1;
      if (next < siblings->length) {
        node = static_cast<const GumboNode*>(siblings->data[next]);
        break;
      }
      node = node->parent;
    }
  }
}

}  // namespace newswatch
