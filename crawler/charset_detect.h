#pragma once
// When a page's bytes do not say what they are, or say it wrongly: how its first bytes read as UTF-8
// (a census of well-formed and ill-formed sequences), and ICU's statistical charset detector for
// the rest. charset.h decides when to ask (its file comment gives the whole order).
//
// Both look at the first k_detect_bytes only. The census is one linear pass (0.2-0.3 ms for 64 KB)
// and runs for every page with a label or without one. ICU's detector scores every candidate
// encoding over its input (11-14 ms for 64 KB of Korean or English text, measured on the shared
// 2-core development machine under load, so an upper figure), so it runs only for a page that is
// not valid UTF-8 and declares nothing, or declares UTF-8 wrongly: rare pages, on the parse thread.
// ICU's answer counts only when it names an encoding of charset.h's label table (no UTF-16/32,
// EBCDIC or ISO-2022, which a page with 8-bit text cannot be) with at least k_min_detect_confidence.

#include <cstddef>
#include <string>
#include <string_view>

namespace newswatch {

/// Bytes of a body the census and the detector read.
inline constexpr std::size_t k_detect_bytes = 64 * 1024;

/// ICU confidence (0..100) below which its guess is not taken.
inline constexpr int k_min_detect_confidence = 30;

/// How the first k_detect_bytes of a body read as UTF-8.
struct Utf8Census {
  std::size_t non_ascii = 0;  ///< bytes 0x80..0xFF
  std::size_t invalid = 0;    ///< of those, bytes in no well-formed UTF-8 sequence
  std::size_t multibyte = 0;  ///< well-formed sequences of two to four bytes

  /// Well-formed throughout (pure ASCII included).
  bool valid() const noexcept { return invalid == 0; }
  /// Well-formed and with non-ASCII text in it: UTF-8, whatever a label says.
  bool clearly_utf8() const noexcept { return invalid == 0 && multibyte >= 2; }
  /// At least 8 ill-formed bytes and half of the non-ASCII ones: not UTF-8, whatever a label says.
  bool clearly_not_utf8() const noexcept { return invalid >= 8 && invalid * 2 >= non_ascii; }
};

/// The census of the first k_detect_bytes of `body` (a sequence cut by that bound is not counted as ill-formed).
Utf8Census utf8_census(std::string_view body);

/// ICU's guess at the legacy encoding of `body` (its first k_detect_bytes, markup filtered out), as the iconv name
/// charset.h's table gives it ("CP949" for EUC-KR); "" when ICU is not confident or names nothing the table knows.
std::string detect_legacy_charset(std::string_view body);

}  // namespace newswatch
