#include "extractors/sitemap_gzip.h"

#include <zlib.h>

#include <array>
#include <climits>

#include <fmt/format.h>

#include "config/limits.h"

namespace newswatch {
namespace {

/// A z_stream set up for gzip inflation, ended exactly once.
class Inflater {
 public:
  Inflater() { m_ok = inflateInit2(&m_stream, 16 + MAX_WBITS) == Z_OK; }  // 16 +: gzip wrapper, not zlib
  ~Inflater() {
    if (m_ok) inflateEnd(&m_stream);
  }
  Inflater(const Inflater&) = delete;
  Inflater& operator=(const Inflater&) = delete;
  bool ok() const noexcept { return m_ok; }
  z_stream& stream() noexcept { return m_stream; }

 private:
  z_stream m_stream{};
  bool m_ok = false;
};

}  // namespace

bool is_gzip(std::string_view bytes) noexcept {
  return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
         static_cast<unsigned char>(bytes[1]) == 0x8b;
}

Result<std::string> gunzip(std::string_view bytes, std::size_t max_bytes) {
  if (bytes.size() > UINT_MAX) return fail(ErrorKind::parse, "gzip data too large to inflate");
  Inflater inflater;
  if (!inflater.ok()) return fail(ErrorKind::parse, "zlib could not start inflating");
  z_stream& z = inflater.stream();
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));  // zlib's API is not const-correct
  z.avail_in = static_cast<uInt>(bytes.size());
  std::string out;
  std::array<char, 64 * 1024> chunk{};
  for (;;) {
    z.next_out = reinterpret_cast<Bytef*>(chunk.data());
    z.avail_out = static_cast<uInt>(chunk.size());
    const int status = inflate(&z, Z_NO_FLUSH);
    if (status == Z_BUF_ERROR && z.avail_in == 0) return fail(ErrorKind::parse, "gzip data is truncated");
    if (status != Z_OK && status != Z_STREAM_END)
      return fail(ErrorKind::parse, fmt::format("gzip data is corrupt ({})", z.msg ? z.msg : "zlib error"));
    const std::size_t produced = chunk.size() - z.avail_out;
    if (out.size() + produced > max_bytes)
      return fail(ErrorKind::parse, fmt::format("gzip data inflates past {} (a gzip bomb, or not a sitemap)",
                                                format_byte_size(max_bytes)));
    out.append(chunk.data(), produced);
    if (status == Z_STREAM_END) return out;
  }
}

}  // namespace newswatch
