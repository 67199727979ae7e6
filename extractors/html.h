#pragma once
// Gumbo behind RAII, plus the few node and text helpers every extractor needs.
// Gumbo already decodes entities; text() adds what a listing needs on top:
// script/style skipped, whitespace runs collapsed to one space, trimmed, and
// any invalid UTF-8 replaced by U+FFFD so the result is always valid JSON text.

#include <gumbo.h>

#include <memory>
#include <string>
#include <string_view>

namespace newswatch {

// A named deleter rather than a shared Free<F> template: gumbo_destroy_output
// takes the options as a first argument, and other stages own their own Free.
struct GumboOutputDeleter {
  void operator()(GumboOutput* output) const noexcept { gumbo_destroy_output(&kGumboDefaultOptions, output); }
};

/// A parsed HTML document; owns its GumboOutput.
class HtmlDocument {
 public:
  /// Parses `html` (any bytes: Gumbo recovers from malformed markup).
  explicit HtmlDocument(std::string_view html);
  /// The document node (parent of <html>); never null.
  const GumboNode* root() const noexcept { return m_output->document; }
  /// The <html> element node.
  const GumboNode* html() const noexcept { return m_output->root; }

 private:
  std::unique_ptr<GumboOutput, GumboOutputDeleter> m_output;
};

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

}  // namespace newswatch
