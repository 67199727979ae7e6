#include "extractors/url.h"

#include "config/ascii.h"
#include "extractors/url_authority.h"

#include <boost/url.hpp>

#include <algorithm>
#include <array>

namespace newswatch {
namespace {

namespace urls = boost::urls;

// Parameters that only say where a click came from; never part of identity.
constexpr std::array<std::string_view, 8> k_tracking_params = {"fbclid", "gclid",  "dclid", "msclkid",
                                                               "mc_cid", "mc_eid", "_ga",   "yclid"};

char lower_ascii(char c) noexcept {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// `s` equals lower-case `lower` ignoring ASCII case.
bool iequals(std::string_view s, std::string_view lower) noexcept {
  if (s.size() != lower.size()) return false;
  for (std::size_t i = 0; i < s.size(); ++i)
    if (lower_ascii(s[i]) != lower[i]) return false;
  return true;
}

bool is_tracking(std::string_view key) noexcept {
  if (key.size() > 4 && iequals(key.substr(0, 4), "utm_")) return true;
  for (std::string_view t : k_tracking_params)
    if (iequals(key, t)) return true;
  return false;
}

std::string to_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = lower_ascii(c);
  return out;
}

// WHATWG reads '\' as '/' before the query of an http(s) URL ("\\evil.example/x" is a network
// path to evil.example); RFC 3986 parsers do not, so it is rewritten before they see it.
std::string slashes(std::string_view ref) {
  std::string out(ref);
  std::size_t query = std::min(out.find_first_of("?#"), out.size());
  std::replace(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(query), '\\', '/');
  return out;
}

// Bytes a page may write in an href that an RFC 3986 parser does not take raw: controls, space,
// non-ASCII and space " < > \\ ^ ` { | }. A table, because this runs for every byte of every link.
constexpr std::array<bool, 256> k_needs_escape = [] {
  std::array<bool, 256> table{};
  for (int b = 0; b < 256; ++b) table[static_cast<std::size_t>(b)] = b < 0x20 || b >= 0x80;
  for (unsigned char c : std::string_view(" \"<>\\^`{|}")) table[c] = true;
  return table;
}();

bool needs_escape(char c) noexcept {
  return k_needs_escape[static_cast<unsigned char>(c)];
}

// Pages write hrefs as browsers accept them: raw UTF-8, spaces, '|', '"'. Percent-encodes
// those bytes (existing %XX stay as they are, tabs and newlines go) so that an RFC 3986 parser takes the reference;
// '[' and ']' only after the authority, where they cannot be an IPv6 host.
std::string escape_raw(std::string_view ref) {
  std::size_t path_at = 0;
  std::size_t sep = ref.find("://");
  auto scheme_char = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' || c == '-' ||
           c == '.';
  };
  std::size_t authority = ref.starts_with("//") ? 2 : std::string_view::npos;
  if (authority == std::string_view::npos && sep != std::string_view::npos && sep > 0 &&
      std::all_of(ref.begin(), ref.begin() + static_cast<std::ptrdiff_t>(sep), scheme_char))
    authority = sep + 3;
  if (authority != std::string_view::npos) path_at = std::min(ref.find_first_of("/?#", authority), ref.size());
  static constexpr char k_hex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(ref.size());
  for (std::size_t i = 0; i < ref.size(); ++i) {
    if (ref[i] == '\t' || ref[i] == '\n' || ref[i] == '\r') continue;  // browsers drop these too
    auto byte = static_cast<unsigned char>(ref[i]);
    bool bracket = (ref[i] == '[' || ref[i] == ']') && i >= path_at;
    if (needs_escape(ref[i]) || bracket) {
      out += '%';
      out += k_hex[byte >> 4];
      out += k_hex[byte & 0xF];
    } else {
      out += ref[i];
    }
  }
  return out;
}

// True when `ref` has nothing for slashes() or escape_raw() to do (no byte to escape, no '\\',
// no '[' or ']'), the common case, which then skips their copies.
bool already_plain(std::string_view ref) noexcept {
  return std::none_of(ref.begin(), ref.end(), [](char c) { return needs_escape(c) || c == '[' || c == ']'; });
}

// A reference as an RFC 3986 parser may safely read it: tabs and newlines gone, '\\' as '/',
// raw bytes escaped, the authority checked and rebuilt; nullopt when the authority is malformed.
std::optional<std::string> prepared(std::string_view ref) {
  ref = ascii::trim_controls(ref);
  if (already_plain(ref)) return clean_authority(ref);
  std::string cleaned;
  cleaned.reserve(ref.size());
  for (char c : ref)
    if (c != '\t' && c != '\n' && c != '\r') cleaned += c;
  return clean_authority(escape_raw(slashes(cleaned)));
}

// The link: absolute http(s), lower-case scheme and host, no userinfo, fragment or default port.
// `base` is the prepared page URL, parsed once per page (nullopt: none, or not a URL).
std::optional<std::string> link_of(std::string_view ref, const std::optional<urls::url_view>& base) {
  std::optional<std::string> clean_ref = prepared(ref);
  if (!clean_ref || clean_ref->empty()) return std::nullopt;
  auto parsed_ref = urls::parse_uri_reference(*clean_ref);
  if (!parsed_ref) return std::nullopt;
  urls::url u;
  if (parsed_ref->has_scheme())
    u = *parsed_ref;
  else if (!base || !urls::resolve(*base, *parsed_ref, u))
    return std::nullopt;
  std::string scheme = to_lower(u.scheme());
  if (scheme != "http" && scheme != "https") return std::nullopt;
  if (!u.has_authority() || u.encoded_host().empty()) return std::nullopt;
  if (u.scheme() != scheme) u.set_scheme(scheme);
  if (u.has_userinfo()) u.remove_userinfo();
  if (u.has_fragment()) u.remove_fragment();
  // The default port of the scheme as written goes; any other port names another server.
  if (u.has_port() && (u.port() == (scheme == "https" ? "443" : "80") || u.port().empty())) u.remove_port();
  if (u.encoded_path().empty()) u.set_encoded_path("/");
  u.normalize_path();
  return std::string(u.buffer());
}

// The query without tracking parameters; other parameters stay as written, in order.
std::string without_tracking(std::string_view query) {
  std::string out;
  bool first = true;
  for (std::size_t i = 0; i <= query.size();) {
    std::size_t amp = std::min(query.find('&', i), query.size());
    std::string_view param = query.substr(i, amp - i);
    if (!is_tracking(param.substr(0, param.find('=')))) {
      if (!first) out += '&';
      out += param;
      first = false;
    }
    i = amp + 1;
  }
  return out;
}

// The key: http and https of one host are one item, and so are ports 80 and 443 (so that
// the key, read again, is the same key); https is the form written. Works on the link's text,
// which link_of() leaves as "scheme://host[:port]/path[?query]" (no userinfo, no fragment).
std::string key_of(std::string_view link) {
  std::size_t authority = link.find("://") + 3;
  std::size_t path = std::min(link.find_first_of("/?", authority), link.size());
  std::string_view host_port = link.substr(authority, path - authority);
  std::size_t colon = host_port.rfind(':');
  if (colon != std::string_view::npos && host_port.find(']', colon) == std::string_view::npos) {
    std::string_view port = host_port.substr(colon + 1);
    if (port == "80" || port == "443") host_port = host_port.substr(0, colon);
  }
  std::string_view rest = link.substr(path);
  std::size_t question = rest.find('?');
  std::string key = "https://";
  key.reserve(link.size() + 1);
  key += host_port;
  key += rest.substr(0, question);
  if (question != std::string_view::npos) {
    std::string query = without_tracking(rest.substr(question + 1));
    if (!query.empty()) key += '?' + query;
  }
  return key;
}

// A path (and query) without percent escapes that the parser would leave as it is: no "." or
// ".." segment to remove. The fragment is already cut off.
bool plain_path(std::string_view path_query) noexcept {
  std::string_view path = path_query.substr(0, path_query.find('?'));
  for (std::size_t i = 0; i < path.size();) {
    std::size_t end = std::min(path.find('/', i + 1), path.size());
    std::string_view segment = path.substr(i + 1, end - i - 1);  // path[i] is '/'
    if (segment == "." || segment == "..") return false;
    i = end;
  }
  return true;
}

// A host name that needs no cleaning: lower-case letters, digits, '-' and '.', its last label
// starting with a letter (so never a number a browser would read as an IPv4 address).
bool plain_host(std::string_view host) noexcept {
  if (host.empty() || host.back() == '.') return false;
  for (char c : host)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.')) return false;
  char first_of_last = host[host.rfind('.') == std::string_view::npos ? 0 : host.rfind('.') + 1];
  return first_of_last >= 'a' && first_of_last <= 'z';
}

// Most links on a page need none of the parser's work: a root-relative path ("/2021/06/slug/")
// or an absolute http(s) URL with a plain host and no port or userinfo, with a plain path. Their
// link is their own text without the fragment; nullopt sends every other reference through
// the parser. `origin` is the page's "scheme://host[:port]", empty when it has none.
std::optional<std::string> fast_link(std::string_view ref, std::string_view origin) {
  ref = ascii::trim_controls(ref);
  // A '%' may be a bad escape and a second '#' is invalid even in a fragment: the parser decides.
  if (!already_plain(ref) || ref.find('%') != std::string_view::npos) return std::nullopt;
  std::size_t fragment = ref.find('#');
  if (fragment != std::string_view::npos && ref.find('#', fragment + 1) != std::string_view::npos) return std::nullopt;
  ref = ref.substr(0, fragment);
  if (ref.starts_with('/') && !ref.starts_with("//")) {
    if (origin.empty() || !plain_path(ref)) return std::nullopt;
    return std::string(origin) + std::string(ref);
  }
  std::size_t authority = ref.starts_with("https://") ? 8 : ref.starts_with("http://") ? 7 : 0;
  if (authority == 0) return std::nullopt;
  std::size_t path = std::min(ref.find_first_of("/?", authority), ref.size());
  if (!plain_host(ref.substr(authority, path - authority))) return std::nullopt;
  std::string_view rest = ref.substr(path);
  if (!plain_path(rest)) return std::nullopt;
  std::string link(ref.substr(0, path));
  if (!rest.starts_with('/')) link += '/';
  link += rest;
  return link;
}

// "scheme://host[:port]" of a link.
std::string_view origin_of(std::string_view link) {
  return link.substr(0, link.find('/', link.find("://") + 3));
}

std::optional<urls::url_view> parsed_base(const std::optional<std::string>& prepared_base) {
  if (!prepared_base) return std::nullopt;
  auto parsed = urls::parse_uri(*prepared_base);
  if (!parsed) return std::nullopt;
  return *parsed;
}

}  // namespace

UrlResolver::UrlResolver(std::string_view base) : m_base(base.empty() ? std::nullopt : prepared(base)) {
  if (std::optional<std::string> link = link_of(base, std::nullopt)) m_origin = origin_of(*link);
}

std::optional<ItemUrl> UrlResolver::resolve(std::string_view ref) const {
  std::optional<std::string> link = fast_link(ref, m_origin);
  if (!link) link = link_of(ref, parsed_base(m_base));
  if (!link) return std::nullopt;
  std::string key = key_of(*link);
  return ItemUrl{std::move(*link), std::move(key)};
}

std::optional<ItemUrl> item_url(std::string_view ref, std::string_view base) {
  return UrlResolver(base).resolve(ref);
}

std::optional<std::string> canonical_url(std::string_view ref, std::string_view base) {
  std::optional<ItemUrl> u = item_url(ref, base);
  if (!u) return std::nullopt;
  return std::move(u->key);
}

std::string url_host(std::string_view url) {
  // Extractors ask this of the page's URL once per link: a plain absolute URL is read off its text.
  if (std::optional<std::string> plain = fast_link(url, {})) return std::string(canonical_host(*plain));
  std::optional<std::string> link = link_of(url, std::nullopt);
  if (!link) return {};
  return std::string(urls::url_view(*link).encoded_host());
}

std::string_view canonical_host(std::string_view canonical) {
  std::size_t sep = canonical.find("://");
  if (sep == std::string_view::npos) return {};
  std::string_view authority = canonical.substr(sep + 3);
  if (authority.starts_with('[')) return authority.substr(0, authority.find(']') + 1);
  // One pass to the end of the name (find_first_of would search the set once per byte).
  std::size_t end = 0;
  while (end < authority.size() && authority[end] != ':' && authority[end] != '/' && authority[end] != '?' &&
         authority[end] != '#')
    ++end;
  return authority.substr(0, end);
}

}  // namespace newswatch
