#pragma once
// Sitemaps are often served as .xml.gz files (application/x-gzip, no Content-Encoding, so curl leaves
// them compressed). They are recognised by their first two bytes (1f 8b), not by name or Content-Type,
// and inflated with zlib under a hard cap: a gzip bomb of 50 KB inflates to gigabytes.

#include <cstddef>
#include <string>
#include <string_view>

#include "config/error.h"

namespace newswatch {

/// True when `bytes` start with the gzip magic number 1f 8b.
bool is_gzip(std::string_view bytes) noexcept;

/// The inflated bytes of the gzip data `bytes` (its first member). Fails with ErrorKind::parse when the data is
/// corrupt or truncated, or as soon as the output would pass `max_bytes` (saying so: a bomb, or not a sitemap).
Result<std::string> gunzip(std::string_view bytes, std::size_t max_bytes);

}  // namespace newswatch
