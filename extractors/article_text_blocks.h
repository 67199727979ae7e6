#pragma once
// Paragraphs of an article, from the element that holds its text. Two ideas shared by every way of finding
// that element (article_text.h): what is page furniture rather than article text, and how a subtree of
// markup becomes paragraphs.
//
// Furniture is judged per element, never by position: navigation, asides, figures and their captions,
// forms and buttons, and any element whose class or id names a "related stories" rail, a share bar, a
// newsletter box, a sidebar, an advert, comments, tags or a breadcrumb. Its whole subtree is skipped, so a
// sidebar that names other stories never reaches the text a watch matches.
//
// Paragraphs: every block element (p, div, li, headings, blockquote, ...) and every <br> ends one, so a body
// written as text between <br> tags reads the same as one written in <p>s. A paragraph that is mostly link
// text (a "read more" line, a list of headlines) is dropped. The walk is iterative and the text bounded.

#include <cstddef>
#include <functional>
#include <string>

#include <gumbo.h>

namespace newswatch {

/// The most main text an article yields; the rest of the page is not read.
inline constexpr std::size_t k_max_article_text_bytes = 200 * 1024;

/// True when `node` is page furniture (navigation, a related-stories rail, a share bar, a caption...), not text.
bool is_furniture(const GumboNode* node) noexcept;

/// Paragraphs of an article, with their size.
struct Paragraphs {
  std::string text;        ///< paragraphs separated by a blank line ("\n\n"), each whitespace-collapsed
  std::size_t count = 0;   ///< paragraphs kept
  bool truncated = false;  ///< stopped at k_max_article_text_bytes
};

/// The paragraphs under `container` (the container itself is never judged furniture), skipping furniture and
/// any element `also_skip` names (may be empty).
Paragraphs collect_paragraphs(const GumboNode* container, const std::function<bool(const GumboNode*)>& also_skip = {});

/// Appends `paragraph` (already clean) to `out` under the same byte bound; false when the bound was hit.
bool append_paragraph(Paragraphs& out, std::string_view paragraph);

}  // namespace newswatch
