#include "alerts/normalize.h"

// How text becomes tokens, in one pass over the UTF-8 text.
// 1. The text is cut into normalisation segments: a code point and the
//    combining marks (or conjoining jamo) that follow it, i.e. up to the next
//    code point ICU says has a normalisation boundary before it. Normalising
//    segment by segment gives what normalising the whole text would, and each
//    output code point stays tied to the original bytes of its segment: that
//    is how a token's span points into the text as written.
// 2. Each segment goes through ICU's NFKC_Casefold: compatibility forms
//    (full-width ＤＰＲＫ, ligatures, circled digits, half-width and
//    compatibility Hangul jamo), full case folding (Straße and STRASSE are both
//    "strasse", final sigma is sigma) and default-ignorables removed (a soft
//    hyphen inside a word no longer splits it). Most code points are left as
//    they are, which a property lookup tells without calling the normaliser.
//    İ folds to "i" + U+0307; the dot is dropped so "İstanbul" is "istanbul".
// 3. Each output code point is a word character (letters, marks, numbers of
//    any script), a separator (spaces, punctuation, symbols, the modifier
//    apostrophes ʼ ʻ, invalid bytes as U+FFFD, a zero-width space), or one
//    token of its own (Han, hiragana, katakana and the marks 々 〆 〇 ー): those
//    scripts are written without spaces, so a phrase of them matches as a
//    contiguous run, i.e. as a substring of the run. "Kim Jong-un", "Kim Jong
//    Un" and “Kim Jong Un” are the same three tokens; an apostrophe ends a word,
//    so "Russia’s" is `russia` `s`, matching `Russia` but never "Russian".
// Linear in the text; no recursion; invalid UTF-8 is never an error.

#include <algorithm>
#include <memory>

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>

#include "alerts/korean_particles.h"

namespace newswatch {
namespace {

enum class CharClass { word, separator, single };

const icu::Normalizer2& nfkc_casefold() {
  static const icu::Normalizer2* instance = [] {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFKCCasefoldInstance(status);
    if (U_FAILURE(status) || !n) std::abort();  // ICU's data is linked in; without it nothing can match
    return n;
  }();
  return *instance;
}

bool in(char32_t c, char32_t lo, char32_t hi) noexcept {
  return c >= lo && c <= hi;
}

bool is_single_script(char32_t c) noexcept {
  if (in(c, 0x3005, 0x3007) || c == 0x30FC) return true;  // 々 〆 〇 and the katakana long-vowel mark ー
  UErrorCode status = U_ZERO_ERROR;
  UScriptCode script = uscript_getScript(static_cast<UChar32>(c), &status);
  return U_SUCCESS(status) && (script == USCRIPT_HAN || script == USCRIPT_HIRAGANA || script == USCRIPT_KATAKANA);
}

CharClass classify(char32_t c) noexcept {
  if (c < 0x80) {
    bool alnum = in(c, U'a', U'z') || in(c, U'A', U'Z') || in(c, U'0', U'9');
    return alnum ? CharClass::word : CharClass::separator;
  }
  if (in(c, 0x2B9, 0x2DF)) return CharClass::separator;  // ʹ ʻ ʼ ˈ: apostrophes and stress marks, not letters
  auto mask = U_GET_GC_MASK(static_cast<UChar32>(c));
  if (!(mask & (U_GC_L_MASK | U_GC_M_MASK | U_GC_N_MASK))) return CharClass::separator;
  return is_single_script(c) ? CharClass::single : CharClass::word;
}

/// Builds the tokens from folded code points, each tied to its segment's original bytes.
class TokenBuilder {
 public:
  TokenBuilder(Tokens& tokens, std::vector<TokenSpan>* spans) : m_tokens(tokens), m_spans(spans) {}

  void add(char32_t c, std::size_t seg_begin, std::size_t seg_end) {
    switch (classify(c)) {
      case CharClass::word:
        if (c == 0x307 && (m_last == U'i' || m_last == U'j')) return;  // İ folds to i + dot above
        if (m_current.empty()) m_begin = seg_begin;
        append_utf8(m_current, c);
        m_end = seg_end;
        m_last = c;
        return;
      case CharClass::separator: flush(); return;
      case CharClass::single:
        flush();
        m_begin = seg_begin;
        m_end = seg_end;
        append_utf8(m_current, c);
        flush();
        return;
    }
  }

  void flush() {
    m_last = 0;
    if (m_current.empty()) return;
    m_tokens.push_back(std::move(m_current));
    if (m_spans) m_spans->push_back(TokenSpan{m_begin, m_end});
    m_current.clear();
  }

 private:
  Tokens& m_tokens;
  std::vector<TokenSpan>* m_spans;
  std::string m_current;
  std::size_t m_begin = 0;
  std::size_t m_end = 0;
  char32_t m_last = 0;
};

/// Whether a new segment starts at `c`. A zero-width space folds to nothing, so ICU joins it to the code
/// point before; cut there anyway, so it still separates words (folding it alone gives the same text).
bool has_boundary_before(char32_t c) noexcept {
  return c < 0x300 || c == 0x200B || nfkc_casefold().hasBoundaryBefore(static_cast<UChar32>(c));
}

/// Folds the segment `points` (one starter and what attaches to it) into `out`.
void fold_segment(const std::u32string& points, std::size_t seg_begin, std::size_t seg_end, TokenBuilder& out) {
  char32_t first = points.front();
  bool unchanged = points.size() == 1 && (first < 0x80 ? !in(first, U'A', U'Z')
                                                       : !u_hasBinaryProperty(static_cast<UChar32>(first),
                                                                              UCHAR_CHANGES_WHEN_NFKC_CASEFOLDED));
  if (unchanged) {
    out.add(first, seg_begin, seg_end);
    return;
  }
  if (points.size() == 1 && first < 0x80) {
    out.add(first + 32, seg_begin, seg_end);  // A-Z
    return;
  }
  icu::UnicodeString source = icu::UnicodeString::fromUTF32(reinterpret_cast<const UChar32*>(points.data()),
                                                            static_cast<int32_t>(points.size()));
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString folded = nfkc_casefold().normalize(source, status);
  if (U_FAILURE(status)) {
    out.add(0xFFFD, seg_begin, seg_end);
    return;
  }
  if (folded.isEmpty() && (first == 0x200B || u_isUWhiteSpace(static_cast<UChar32>(first)))) {
    out.add(U' ', seg_begin, seg_end);  // a zero-width space still separates words
    return;
  }
  for (int32_t i = 0; i < folded.length(); i = folded.moveIndex32(i, 1))
    out.add(static_cast<char32_t>(folded.char32At(i)), seg_begin, seg_end);
}

}  // namespace

Tokens tokenize(std::string_view text) {
  return tokenize(text, nullptr);
}

Tokens tokenize(std::string_view text, std::vector<TokenSpan>* spans) {
  Tokens tokens;
  TokenBuilder builder(tokens, spans);
  std::u32string segment;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t seg_begin = pos;
    segment.assign(1, decode_utf8(text, pos));
    while (pos < text.size()) {  // what attaches to the starter: combining marks, conjoining jamo
      std::size_t next = pos;
      char32_t c = decode_utf8(text, next);
      if (has_boundary_before(c)) break;
      segment.push_back(c);
      pos = next;
    }
    fold_segment(segment, seg_begin, pos, builder);
  }
  builder.flush();
  return tokens;
}

TokenText TokenText::from(std::string_view text) {
  TokenText out;
  out.tokens = tokenize(text, &out.spans);
  std::vector<std::string_view> found;
  for (std::size_t i = 0; i < out.tokens.size(); ++i) {
    found.clear();
    korean_stems(out.tokens[i], found);
    if (found.empty()) continue;
    // tokens since the last one with stems have none: they start and end where token i's start
    out.stem_begin.resize(i + 1, static_cast<std::uint32_t>(out.stems.size()));
    for (std::string_view stem : found) out.stems.emplace_back(stem);
  }
  if (!out.stem_begin.empty()) {
    out.stem_begin.resize(out.tokens.size() + 1, static_cast<std::uint32_t>(out.stems.size()));
    out.stem_token.resize(out.stems.size());
    for (std::size_t i = 0; i < out.tokens.size(); ++i)
      for (std::uint32_t s = out.stem_begin[i]; s < out.stem_begin[i + 1]; ++s)
        out.stem_token[s] = static_cast<std::uint32_t>(i);
  }
  if (out.tokens.size() >= k_index_from) out.build_index();
  return out;
}

bool TokenText::has_prefix(const std::string& prefix) const {
  auto at = std::lower_bound(sorted.begin(), sorted.end(), prefix,
                             [&](std::uint32_t i, const std::string& p) { return tokens[i] < p; });
  return at != sorted.end() && tokens[*at].starts_with(prefix);
}

void TokenText::build_index() {
  sorted.resize(tokens.size());
  for (std::size_t i = 0; i < tokens.size(); ++i) sorted[i] = static_cast<std::uint32_t>(i);
  std::sort(sorted.begin(), sorted.end(), [&](std::uint32_t a, std::uint32_t b) { return tokens[a] < tokens[b]; });
  // Built back to front, so each chain comes out ascending.
  next_token.assign(tokens.size(), k_none);
  for (std::size_t i = tokens.size(); i-- > 0;) {
    auto [head, added] = first_token.try_emplace(tokens[i], static_cast<std::uint32_t>(i));
    if (!added) {
      next_token[i] = head->second;
      head->second = static_cast<std::uint32_t>(i);
    }
  }
  next_stem.assign(stems.size(), k_none);
  for (std::size_t s = stems.size(); s-- > 0;) {
    auto [head, added] = first_stem.try_emplace(stems[s], static_cast<std::uint32_t>(s));
    if (!added) {
      next_stem[s] = head->second;
      head->second = static_cast<std::uint32_t>(s);
    }
  }
}

std::span<const std::string> TokenText::stems_of(std::size_t i) const noexcept {
  if (stem_begin.empty()) return {};
  return std::span<const std::string>(stems).subspan(stem_begin[i], stem_begin[i + 1] - stem_begin[i]);
}

}  // namespace newswatch
