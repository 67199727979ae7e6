#pragma once
// The densest block of paragraphs: where a page whose layout we do not know keeps its article text.
//
// One iterative walk scores elements the way Readability does, simplified: every paragraph (a <p>, <pre> or
// <blockquote>, or a run of text between <br>s directly inside an element) of at least k_min_paragraph_chars
// gives its text length, less its link text, to the element holding it and half as much to that element's
// parent. Furniture (article_text_blocks.h) is skipped whole, so a "related stories" rail or a sidebar never
// scores. When the page has <article>, <main> or role="main" elements holding paragraphs, only elements
// inside them compete (a listing of teasers elsewhere on the page cannot win); else the whole body does.
// The element with the highest score is the block; below k_min_block_score there is no article text.

#include <cstddef>

#include <gumbo.h>

namespace newswatch {

/// A paragraph shorter than this (bytes of clean text) is a label, a date or a button, and scores nothing.
inline constexpr std::size_t k_min_paragraph_chars = 25;
/// A block scoring less than this holds no article (a page of headlines, an error page).
inline constexpr double k_min_block_score = 140;

/// The element holding the page's main text, or nullptr when no block scores k_min_block_score.
const GumboNode* densest_block(const GumboNode* root);

}  // namespace newswatch
