#pragma once
// URLs of items. An item has two: its link, the absolute URL the page gave
// (resolved against the page URL, userinfo and fragment dropped, host
// lower-cased, the default port of its scheme dropped, never upgraded to
// https), which is what is stored, shown and sent; and its key, the identity
// used for dedup (DESIGN.md "Dedup"): the link with http == https, no port 80
// or 443, no tracking parameters (utm_*, fbclid, gclid, ...), written with
// https. A malformed authority is refused rather than repaired (see
// url_authority.h), so a URL from a page never changes the host it names, and
// both forms are fixed points: canonicalising them again changes nothing.
// Built on Boost.URL.

#include <optional>
#include <string>
#include <string_view>

namespace newswatch {

/// An item's two URLs.
struct ItemUrl {
  std::string link;  ///< where the item points, as the page gave it (scheme kept)
  std::string key;   ///< the item's identity: scheme-insensitive, tracking parameters dropped
};

/// Resolves many references against one page URL, which is checked and prepared once.
class UrlResolver {
 public:
  explicit UrlResolver(std::string_view base);
  /// `ref` resolved against the base, as item_url() does.
  std::optional<ItemUrl> resolve(std::string_view ref) const;

 private:
  std::optional<std::string> m_base;  ///< the base as an RFC 3986 parser may read it
  std::string m_origin;               ///< the base's "scheme://host[:port]" ("" when it is not http(s))
};

/// `ref` resolved against `base` (may be empty when `ref` is absolute); nullopt when it is
/// not an http(s) URL or its authority is malformed.
std::optional<ItemUrl> item_url(std::string_view ref, std::string_view base = {});

/// The key of item_url(ref, base): the identity of the item `ref` points to.
std::optional<std::string> canonical_url(std::string_view ref, std::string_view base = {});

/// The lower-cased host of an absolute http(s) URL ("" when it has none or it is malformed).
std::string url_host(std::string_view url);

/// The host of a URL that is already canonical (an ItemUrl's link or key), read off its text
/// without parsing it again. Only for such URLs: any other goes through url_host().
std::string_view canonical_host(std::string_view canonical);

}  // namespace newswatch
