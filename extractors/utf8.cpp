#include "extractors/utf8.h"

#include <iconv.h>

#include <array>
#include <cerrno>
#include <memory>

#include "config/c_handle.h"

namespace newswatch {
namespace {

constexpr std::string_view k_replacement = "\xEF\xBF\xBD";  // U+FFFD
using Iconv = std::unique_ptr<void, Free<iconv_close>>;

}  // namespace

std::size_t utf8_sequence_length(std::string_view s, std::size_t i) noexcept {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  if (c < 0x80) return 1;
  std::size_t len = 0;
  unsigned char lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF)
    len = 2;
  else if (c == 0xE0)
    len = 3, lo = 0xA0;
  else if (c == 0xED)
    len = 3, hi = 0x9F;
  else if (c >= 0xE1 && c <= 0xEF)
    len = 3;
  else if (c == 0xF0)
    len = 4, lo = 0x90;
  else if (c >= 0xF1 && c <= 0xF3)
    len = 4;
  else if (c == 0xF4)
    len = 4, hi = 0x8F;
  if (len == 0 || i + len > s.size()) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    const unsigned char min = k == 1 ? lo : 0x80, max = k == 1 ? hi : 0xBF;
    if (b(i + k) < min || b(i + k) > max) return 0;
  }
  return len;
}

std::optional<std::string> iconv_to_utf8(std::string_view in, const std::string& from) {
  Iconv cd(iconv_open("UTF-8", from.c_str()));
  if (cd.get() == reinterpret_cast<void*>(-1)) {
    cd.release();  // iconv_open's failure value must not reach iconv_close
    return std::nullopt;
  }
  std::string out;
  out.reserve(in.size() + in.size() / 2);
  char* src = const_cast<char*>(in.data());  // iconv is not const-correct; it does not write the input
  std::size_t src_left = in.size();
  const std::size_t unit = from.starts_with("UTF-16") ? 2 : 1;
  std::array<char, 16384> buf;
  while (src_left > 0) {
    char* dst = buf.data();
    std::size_t dst_left = buf.size();
    const std::size_t rc = iconv(cd.get(), &src, &src_left, &dst, &dst_left);
    out.append(buf.data(), static_cast<std::size_t>(dst - buf.data()));
    if (rc != static_cast<std::size_t>(-1) || errno == E2BIG) continue;
    out += k_replacement;
    if (errno == EINVAL || src_left <= unit) break;  // a truncated sequence at the very end
    src += unit, src_left -= unit;                   // EILSEQ: skip the unit and carry on
  }
  // Stateful encodings (ISO-2022-JP) may owe a final reset sequence.
  char* dst = buf.data();
  std::size_t dst_left = buf.size();
  iconv(cd.get(), nullptr, nullptr, &dst, &dst_left);
  out.append(buf.data(), static_cast<std::size_t>(dst - buf.data()));
  return out;
}

}  // namespace newswatch
