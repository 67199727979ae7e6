#pragma once
// gzip for tests that serve or read compressed sitemaps (zlib, as the product inflates them).

#include <string>
#include <string_view>

namespace newswatch::test {

/// `bytes` as a gzip file (one member, default compression); throws std::runtime_error if zlib fails.
std::string gzip_bytes(std::string_view bytes);

}  // namespace newswatch::test
