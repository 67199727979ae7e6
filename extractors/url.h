#pragma once
// URL canonicalisation: an item's identity (DESIGN.md "Dedup").
// Lower-case scheme and host, http == https (https kept), no default port,
// no fragment, no tracking parameters (utm_*, fbclid, gclid, ...), relative
// references resolved against the page URL. Built on Boost.URL.

#include <optional>
#include <string>
#include <string_view>

namespace newswatch {

/// `ref` resolved against `base` (may be empty when `ref` is absolute) and
/// canonicalised; nullopt when it is not an http(s) URL.
std::optional<std::string> canonical_url(std::string_view ref, std::string_view base = {});

/// The lower-cased host of an absolute URL ("" when it has none).
std::string url_host(std::string_view url);

}  // namespace newswatch
