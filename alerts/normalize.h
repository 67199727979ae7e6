#pragma once
// Text normalisation for matching: text becomes a sequence of lower-case word
// tokens, and queries match whole tokens, never substrings. Rules (normalize.cpp):
// case folded, hyphens/dashes/quotes/apostrophes/spaces all separate words,
// a "(MENAFN - Source)" lead-in is dropped from summaries.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace newswatch {

using Tokens = std::vector<std::string>;

/// Where one token was written: bytes [begin, end) of the tokenised text.
struct TokenSpan {
  std::size_t begin = 0;
  std::size_t end = 0;
};

/// The lower-cased word tokens of UTF-8 `text`; invalid bytes separate words.
Tokens tokenize(std::string_view text);
/// Same, and when `spans` is given, each token's place in `text` (match_explain.h shows the words as written).
Tokens tokenize(std::string_view text, std::vector<TokenSpan>* spans);

/// `summary` without a leading "(MENAFN)" or "(MENAFN - Source)" wire prefix.
std::string_view strip_wire_prefix(std::string_view summary);

/// Lower-case form of one code point (ASCII, Latin-1, Latin Extended-A, Greek, Cyrillic).
char32_t fold_case(char32_t c) noexcept;

/// Decodes the UTF-8 code point at `text[pos]`, advancing `pos`; U+FFFD for an invalid byte.
char32_t decode_utf8(std::string_view text, std::size_t& pos) noexcept;

/// Appends the UTF-8 encoding of `c` to `out`.
void append_utf8(std::string& out, char32_t c);

/// `text` cut to at most `max_units` UTF-16 code units (what Slack and Discord
/// count, at worst), on a code point boundary, ending in "…" when cut.
std::string truncate_text(std::string_view text, std::size_t max_units);

/// Length of UTF-8 `text` in UTF-16 code units.
std::size_t utf16_length(std::string_view text) noexcept;

}  // namespace newswatch
