#pragma once
// The snippet an alert carries: the sentence(s) around the first place the
// matched terms occur, in the article body, else the summary, else the title,
// about 300 characters cut on sentence or word boundaries, with every
// occurrence of those terms inside it marked by byte offsets (the channels
// render the marks: bold, `**`, or offsets in JSON). Pure: no I/O, no state.

#include <cstddef>
#include <vector>

#include "alerts/query.h"
#include "config/alert.h"
#include "config/item.h"

namespace newswatch {

/// About how many characters (code points) a snippet holds; a single longer sentence is cut to this.
constexpr std::size_t k_snippet_chars = 300;

/// The snippet of `item` (tokenised as `text`, MatchText::from(item)) for `terms`, the positive terms that
/// matched; a term looks only in the fields its scope names, and site/author/tag terms mark nothing. Empty
/// (no text) when no term occurs in the body, summary or title.
Snippet make_snippet(const Item& item, const MatchText& text, const std::vector<const QueryTerm*>& terms);

/// The snippet an alert would carry when `query` matched `item` with the terms labelled `matched`.
Snippet make_snippet(const Query& query, const Item& item, const std::vector<std::string>& matched);

/// `text` with each mark wrapped in `**`, for plain-text output.
std::string marked_text(const Snippet& snippet);

}  // namespace newswatch
