#pragma once
// The main text of an article page (`fetch_articles`), for matching watches against what an article says
// beyond its headline. Tried in order, the first that yields text wins:
//   1. the site's layout, where its extractor knows it (k_article_layouts in article_text.cpp: NK News keeps
//      the text in #fullContent, JoongAng Daily in #article_body): the paragraphs of that element;
//   2. the page's JSON-LD articleBody (what the publisher says the text is);
//   3. the densest block of paragraphs inside <article>/<main> or the body (article_text_dense.h).
// Furniture (navigation, "related stories", captions, share bars, newsletter boxes, sidebars) is skipped in
// 1 and 3 (article_text_blocks.h). Paragraphs are separated by a blank line; the text is at most
// k_max_article_text_bytes. The page is parsed under the bounds of every page (html.h): a page nesting
// deeper than k_max_tree_depth is refused before parsing.

#include <string>
#include <string_view>

#include "config/error.h"
#include "extractors/article_text_blocks.h"

namespace newswatch {

/// The main text of one article page and how it was found.
struct ArticleText {
  std::string text;         ///< paragraphs separated by "\n\n"; "" when the page holds no article text
  std::string_view method;  ///< "layout", "json-ld", "dense-block" or "none"
  bool truncated = false;   ///< cut at k_max_article_text_bytes
};

/// The main text of `html` (UTF-8), read with the layout of extractor `extractor` when it has one ("" or any
/// other name: none). Fails with ErrorKind::parse when the page nests too deep to parse; a page with no
/// article text is a success with method "none".
Result<ArticleText> article_text(std::string_view html, std::string_view extractor);

/// True when extractor `name` has an article layout of its own.
bool has_article_layout(std::string_view extractor);

}  // namespace newswatch
