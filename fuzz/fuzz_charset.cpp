// Charset detection and decoding on arbitrary bytes: "CONTENT-TYPE\nBODY".
// Whatever the declared or sniffed encoding, the result must be valid UTF-8.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "crawler/charset.h"

namespace {

/// True when `s` is well-formed UTF-8 (no overlongs, no surrogates, at most U+10FFFF).
bool valid_utf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80                   ? 0
               : (c >= 0xC2 && c <= 0xDF) ? 1
               : (c >= 0xE0 && c <= 0xEF) ? 2
               : (c >= 0xF0 && c <= 0xF4) ? 3
                                          : 4;
    if (n == 4 || s.size() - i <= n) return n == 0;  // a bad lead byte, or a sequence cut short
    unsigned char c1 = n ? static_cast<unsigned char>(s[i + 1]) : 0;
    if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 > 0x9F) || (c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 > 0x8F))
      return false;  // overlong, surrogate, or above U+10FFFF
    for (size_t k = 1; k <= n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    i += n + 1;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size), content_type, body = input;
  if (auto nl = input.find('\n'); nl != std::string_view::npos && nl < 256)
    content_type = input.substr(0, nl), body = input.substr(nl + 1);
  (void)newswatch::detect_charset(body, content_type);
  (void)newswatch::looks_like_html(content_type, body);
  if (!valid_utf8(newswatch::to_utf8(body, content_type))) std::abort();
  if (!valid_utf8(newswatch::repair_utf8(body))) std::abort();
  return 0;
}
