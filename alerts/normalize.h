#pragma once
// Text normalisation for matching: text becomes a sequence of folded word
// tokens, and queries match whole tokens, never substrings. Rules
// (normalize.cpp): ICU's NFKC_Casefold (full-width forms, ligatures, ß/ss,
// final sigma, compatibility jamo), hyphens/dashes/quotes/apostrophes/spaces
// all separate words, Han and kana are one token per character, a
// "(MENAFN - Source)" lead-in is dropped from summaries. Every token keeps
// where it is written in the original text, so a match can be shown (and a
// snippet marked) on the text as the item writes it.

#include <cstddef>
#include <cstdint>
#include <span>
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

/// The folded word tokens of UTF-8 `text`; invalid bytes separate words.
Tokens tokenize(std::string_view text);
/// Same, and when `spans` is given, each token's place in `text` (whole original code points).
Tokens tokenize(std::string_view text, std::vector<TokenSpan>* spans);

/// One field made ready for matching: its tokens, where each is written, and
/// for a token ending in a Korean particle the stems it also stands for
/// (북한은 also stands for 북한; korean_particles.h).
struct TokenText {
  Tokens tokens;
  std::vector<TokenSpan> spans;
  /// Token i's stems are stems[stem_begin[i] .. stem_begin[i + 1]); empty when no token has one.
  std::vector<std::uint32_t> stem_begin;
  std::vector<std::string> stems;

  /// Tokenises `text` once, with spans and stems.
  static TokenText from(std::string_view text);
  /// The stems of token `i` (usually none).
  std::span<const std::string> stems_of(std::size_t i) const noexcept;
};

/// `summary` without a leading "(MENAFN)" or "(MENAFN - Source)" wire prefix.
std::string_view strip_wire_prefix(std::string_view summary);

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
