#pragma once
// How large one fetched response may be. Pages, feeds and robots.txt are held to `[service]
// max_body_size` (8 MB by default). A sitemap is the exception: the protocol allows 50,000 URLs
// and 50 MB uncompressed, and a full news sitemap of long URLs is past 8 MB, so a site read by the
// sitemap extractor may receive up to that bound (or max_body_size, when larger). The bound also
// holds after decompression: curl's Content-Encoding decoding counts toward it, and a .xml.gz body
// is inflated under the same cap (extractors/sitemap_gzip.h), so a gzip bomb costs at most 50 MB.

#include <cstddef>
#include <string_view>

#include "config/config.h"

namespace newswatch {

/// The most body bytes a response for a site read by `extractor` may carry (see the file comment).
std::size_t body_limit(const ServiceConfig& service, std::string_view extractor);

}  // namespace newswatch
