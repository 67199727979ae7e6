#pragma once
// Text normalisation for matching: text becomes a sequence of folded word
// tokens, and queries match whole tokens, never substrings. Rules
// (normalize.cpp): ICU's NFKC_Casefold (full-width forms, ligatures, ß/ss,
// final sigma, compatibility jamo), hyphens/dashes/quotes/apostrophes/spaces
// all separate words, Han and kana are one token per character, a
// "(MENAFN - Source)" lead-in is dropped from summaries. Every token keeps
// where it is written in the original text, so a match can be shown (and a
// snippet marked) on the text as the item writes it.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
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

  /// A long field (an article body) is indexed by word, so a term finds where its first word occurs with
  /// one lookup instead of a walk over every token: matching 1,000 watches is then linear in the body, not in
  /// (body x terms). Each word heads a chain of the tokens that are it (first_token, next_token), and of the
  /// tokens that have it as a stem (first_stem, next_stem over stem entries).
  static constexpr std::size_t k_index_from = 8;  ///< fields with fewer tokens are walked, not indexed
  static constexpr std::uint32_t k_none = UINT32_MAX;
  std::unordered_map<std::string, std::uint32_t> first_token;
  std::unordered_map<std::string, std::uint32_t> first_stem;
  std::vector<std::uint32_t> next_token;  ///< per token: the next token that is the same word
  std::vector<std::uint32_t> next_stem;   ///< per stem entry: the next entry of the same stem
  std::vector<std::uint32_t> stem_token;  ///< per stem entry: its token
  std::vector<std::uint32_t> sorted;      ///< the tokens' indexes, by token: a prefix (Kurs*) is one binary search

  /// Tokenises `text` once, with spans and stems (and the index, for a long text).
  static TokenText from(std::string_view text);
  /// The stems of token `i` (usually none).
  std::span<const std::string> stems_of(std::size_t i) const noexcept;
  bool indexed() const noexcept { return !next_token.empty(); }
  /// Whether some token starts with `prefix`. Needs indexed().
  bool has_prefix(const std::string& prefix) const;
  /// Calls `visit(i)` for each token i that is `word` or has it as a stem, ascending, until `visit` returns
  /// true; returns whether it did. Needs indexed().
  template <class Visit>
  bool for_each_at(const std::string& word, Visit&& visit) const;

 private:
  void build_index();
};

template <class Visit>
bool TokenText::for_each_at(const std::string& word, Visit&& visit) const {
  auto token = first_token.find(word);
  auto stem = first_stem.find(word);
  std::uint32_t t = token == first_token.end() ? k_none : token->second;  // both chains ascend: merge them
  std::uint32_t s = stem == first_stem.end() ? k_none : stem->second;
  while (t != k_none || s != k_none) {
    std::uint32_t s_at = s == k_none ? k_none : stem_token[s];
    std::uint32_t at = std::min(t, s_at);
    if (visit(static_cast<std::size_t>(at))) return true;
    if (t == at) t = next_token[t];
    if (s_at == at) s = next_stem[s];
  }
  return false;
}

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
