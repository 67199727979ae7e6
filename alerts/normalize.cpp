#include "alerts/normalize.h"

// How text becomes tokens. UTF-8 is decoded to code points; each code point is
// a word character, a separator, or (Han, kana) a token of its own.
// - Letters and digits of any script are word characters; case is folded for
//   ASCII, Latin-1, Latin Extended-A, Latin Extended Additional, Greek and
//   Cyrillic. Accents are kept ("é" stays "é"); CJK and Hangul are left as is.
// - Every space, hyphen or dash (- ‐ ‑ ‒ – — ―), quote (" “ ” „ ' ‘ ’ ʼ),
//   and other punctuation or symbol separates words, and all of them are
//   equivalent: "Kim Jong-un", "Kim Jong Un" and “Kim Jong Un” are the same
//   three tokens. An apostrophe ends a word, so "Russia’s" is `russia` `s`:
//   the query `Russia` matches it while still not matching "Russian".
// - Han ideographs and kana are written without spaces, so each is one token
//   and a phrase of them matches as a contiguous run, i.e. as a substring.
// - Invalid UTF-8 bytes decode to U+FFFD, which separates words.

#include <array>

namespace newswatch {
namespace {

enum class CharClass { word, separator, single };

bool in(char32_t c, char32_t lo, char32_t hi) noexcept {
  return c >= lo && c <= hi;
}

CharClass classify(char32_t c) noexcept {
  if (c < 0x80) {
    bool alnum = in(c, U'a', U'z') || in(c, U'A', U'Z') || in(c, U'0', U'9');
    return alnum ? CharClass::word : CharClass::separator;
  }
  if (in(c, 0x80, 0xBF)) return (c == 0xAA || c == 0xB5 || c == 0xBA) ? CharClass::word : CharClass::separator;
  if (c == 0xD7 || c == 0xF7) return CharClass::separator;  // × ÷
  if (in(c, 0x2B9, 0x2DF)) return CharClass::separator;     // ʹ ʻ ʼ ˈ and other modifier marks
  if (in(c, 0x2000, 0x206F) || in(c, 0x20A0, 0x20CF)) return CharClass::separator;  // punctuation, currency
  if (in(c, 0x2100, 0x2BFF) || in(c, 0x2E00, 0x2E7F)) return CharClass::separator;  // symbols, arrows
  if (in(c, 0x3000, 0x303F)) return in(c, 0x3005, 0x3007) ? CharClass::single : CharClass::separator;
  if (in(c, 0x3040, 0x30FF) || in(c, 0x3400, 0x4DBF) || in(c, 0x4E00, 0x9FFF) || in(c, 0xF900, 0xFAFF) ||
      in(c, 0x20000, 0x2FFFF)) {
    return c == 0x30FB ? CharClass::separator : CharClass::single;  // ・ is a separator
  }
  if (in(c, 0xFE30, 0xFE6F) || c == 0xFEFF || c == 0xFFFD) return CharClass::separator;
  if (in(c, 0xFF01, 0xFF0F) || in(c, 0xFF1A, 0xFF20) || in(c, 0xFF3B, 0xFF40) || in(c, 0xFF5B, 0xFF65)) {
    return CharClass::separator;  // full-width punctuation
  }
  if (in(c, 0x1F000, 0x1FAFF)) return CharClass::separator;  // emoji and pictographs
  return CharClass::word;
}

}  // namespace

char32_t fold_case(char32_t c) noexcept {
  if (in(c, U'A', U'Z')) return c + 32;
  if (c < 0xC0) return c;
  if (in(c, 0xC0, 0xDE) && c != 0xD7) return c + 32;
  if (c == 0x130) return U'i';  // İ
  if (in(c, 0x100, 0x137) || in(c, 0x14A, 0x177)) return (c % 2 == 0) ? c + 1 : c;
  if (in(c, 0x139, 0x148) || in(c, 0x179, 0x17E)) return (c % 2 == 1) ? c + 1 : c;
  if (c == 0x178) return 0xFF;  // Ÿ
  if (in(c, 0x391, 0x3A9) && c != 0x3A2) return c + 32;
  if (c == 0x3C2) return 0x3C3;  // final sigma
  if (c == 0x386) return 0x3AC;
  if (in(c, 0x388, 0x38A)) return c + 37;
  if (c == 0x38C) return 0x3CC;
  if (in(c, 0x38E, 0x38F)) return c + 63;
  if (in(c, 0x410, 0x42F)) return c + 32;
  if (in(c, 0x400, 0x40F)) return c + 80;
  if (in(c, 0x1E00, 0x1E95) || in(c, 0x1EA0, 0x1EFF)) return (c % 2 == 0) ? c + 1 : c;
  return c;
}

char32_t decode_utf8(std::string_view text, std::size_t& pos) noexcept {
  auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  unsigned char lead = byte(pos);
  if (lead < 0x80) {
    ++pos;
    return lead;
  }
  int length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0;
  if (length == 0 || lead > 0xF4 || pos + length > text.size()) {
    ++pos;
    return 0xFFFD;
  }
  char32_t c = lead & (0x7F >> length);
  for (int i = 1; i < length; ++i) {
    unsigned char next = byte(pos + i);
    if ((next & 0xC0) != 0x80) {
      ++pos;
      return 0xFFFD;
    }
    c = (c << 6) | (next & 0x3F);
  }
  static constexpr std::array<char32_t, 5> k_min{0, 0, 0x80, 0x800, 0x10000};
  if (c < k_min[length] || c > 0x10FFFF || in(c, 0xD800, 0xDFFF)) {  // overlong or surrogate
    ++pos;
    return 0xFFFD;
  }
  pos += length;
  return c;
}

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

Tokens tokenize(std::string_view text) {
  return tokenize(text, nullptr);
}

Tokens tokenize(std::string_view text, std::vector<TokenSpan>* spans) {
  Tokens tokens;
  std::string current;
  std::size_t begin = 0;  // where `current` starts in `text`
  auto flush = [&](std::size_t end) {
    if (!current.empty()) {
      tokens.push_back(std::move(current));
      if (spans) spans->push_back(TokenSpan{begin, end});
    }
    current.clear();
  };
  for (std::size_t pos = 0; pos < text.size();) {
    std::size_t at = pos;
    char32_t c = decode_utf8(text, pos);
    switch (classify(c)) {
      case CharClass::word:
        if (current.empty()) begin = at;
        append_utf8(current, fold_case(c));
        break;
      case CharClass::separator: flush(at); break;
      case CharClass::single:
        flush(at);
        begin = at;
        append_utf8(current, c);
        flush(pos);
        break;
    }
  }
  flush(text.size());
  return tokens;
}

std::string_view strip_wire_prefix(std::string_view summary) {
  constexpr std::string_view k_tag = "(MENAFN";
  constexpr std::size_t k_max_prefix = 120;  // "(MENAFN - Source)"; anything longer is prose
  auto rest = summary;
  rest.remove_prefix(std::min(rest.find_first_not_of(" \t\r\n"), rest.size()));
  if (!rest.starts_with(k_tag) || rest.size() == k_tag.size()) return summary;
  char after = rest[k_tag.size()];
  if (after != ')' && after != ' ' && after != '-') return summary;  // "(MENAFNX" is not the tag
  auto close = rest.find(')');
  if (close == std::string_view::npos || close > k_max_prefix) return summary;
  rest.remove_prefix(close + 1);
  rest.remove_prefix(std::min(rest.find_first_not_of(" \t\r\n"), rest.size()));
  return rest;
}

std::size_t utf16_length(std::string_view text) noexcept {
  std::size_t units = 0;
  for (std::size_t pos = 0; pos < text.size();) units += decode_utf8(text, pos) >= 0x10000 ? 2 : 1;
  return units;
}

std::string truncate_text(std::string_view text, std::size_t max_units) {
  if (utf16_length(text) <= max_units) return std::string(text);
  if (max_units == 0) return {};
  std::size_t units = 0;
  std::size_t cut = 0;
  for (std::size_t pos = 0; pos < text.size();) {
    std::size_t next = pos;
    std::size_t width = decode_utf8(text, next) >= 0x10000 ? 2 : 1;
    if (units + width > max_units - 1) break;  // keep one unit for the ellipsis
    units += width;
    pos = next;
    cut = pos;
  }
  std::string out(text.substr(0, cut));
  while (!out.empty() && (out.back() == ' ' || out.back() == '\n')) out.pop_back();
  return out + "…";
}

}  // namespace newswatch
