#include "alerts/normalize.h"

// The byte-level helpers of normalize.h: UTF-8 decoding and encoding (an
// invalid byte decodes to U+FFFD and never stops a caller), UTF-16 lengths
// and truncation for the channels' limits, and the wire-prefix strip.

#include <algorithm>
#include <array>

namespace newswatch {
namespace {

bool in_range(char32_t c, char32_t lo, char32_t hi) noexcept {
  return c >= lo && c <= hi;
}

}  // namespace

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
  if (c < k_min[length] || c > 0x10FFFF || in_range(c, 0xD800, 0xDFFF)) {  // overlong or surrogate
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
