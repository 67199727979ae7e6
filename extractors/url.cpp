#include "extractors/url.h"

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

std::string to_lower(std::string_view s);

bool is_tracking(std::string_view raw_key) {
  const std::string key = to_lower(raw_key);
  if (key.size() > 4 && key.substr(0, 4) == "utm_") return true;
  for (std::string_view t : k_tracking_params)
    if (key == t) return true;
  return false;
}

std::string to_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// Trims the whitespace an href attribute often carries.
std::string_view trim(std::string_view s) {
  while (!s.empty() && static_cast<unsigned char>(s.front()) <= ' ') s.remove_prefix(1);
  while (!s.empty() && static_cast<unsigned char>(s.back()) <= ' ') s.remove_suffix(1);
  return s;
}

// WHATWG reads '\' as '/' before the query of an http(s) URL ("\\evil.example/x" is a network
// path to evil.example); RFC 3986 parsers do not, so it is rewritten before they see it.
std::string slashes(std::string_view ref) {
  std::string out(ref);
  std::size_t query = std::min(out.find_first_of("?#"), out.size());
  std::replace(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(query), '\\', '/');
  return out;
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
  static constexpr std::string_view k_unsafe = " \"<>\\^`{|}";
  static constexpr char k_hex[] = "0123456789ABCDEF";
  std::string out;
  for (std::size_t i = 0; i < ref.size(); ++i) {
    if (ref[i] == '\t' || ref[i] == '\n' || ref[i] == '\r') continue;  // browsers drop these too
    auto byte = static_cast<unsigned char>(ref[i]);
    bool bracket = (ref[i] == '[' || ref[i] == ']') && i >= path_at;
    if (byte >= 0x80 || byte < 0x20 || k_unsafe.find(ref[i]) != std::string_view::npos || bracket) {
      out += '%';
      out += k_hex[byte >> 4];
      out += k_hex[byte & 0xF];
    } else {
      out += ref[i];
    }
  }
  return out;
}

// A reference as an RFC 3986 parser may safely read it: tabs and newlines gone, '\' as '/',
// raw bytes escaped, the authority checked and rebuilt; nullopt when the authority is malformed.
std::optional<std::string> prepared(std::string_view ref) {
  std::string cleaned;
  for (char c : trim(ref))
    if (c != '\t' && c != '\n' && c != '\r') cleaned += c;
  return clean_authority(escape_raw(slashes(cleaned)));
}

std::optional<urls::url> resolve(std::string_view ref, std::string_view base) {
  auto parsed_ref = urls::parse_uri_reference(ref);
  if (!parsed_ref) return std::nullopt;
  if (parsed_ref->has_scheme()) return urls::url(*parsed_ref);
  auto parsed_base = urls::parse_uri(base);
  if (!parsed_base) return std::nullopt;
  urls::url out;
  if (!urls::resolve(*parsed_base, *parsed_ref, out)) return std::nullopt;
  return out;
}

// The link: absolute http(s), lower-case scheme and host, no userinfo, fragment or default port.
std::optional<urls::url> link_of(std::string_view ref, std::string_view base) {
  std::optional<std::string> clean_ref = prepared(ref);
  if (!clean_ref || clean_ref->empty()) return std::nullopt;
  std::optional<urls::url> u = resolve(*clean_ref, prepared(base).value_or(""));
  if (!u) return std::nullopt;
  std::string scheme = to_lower(u->scheme());
  if (scheme != "http" && scheme != "https") return std::nullopt;
  if (!u->has_authority() || u->encoded_host().empty()) return std::nullopt;
  u->set_scheme(scheme);
  u->remove_userinfo();
  u->remove_fragment();
  // The default port of the scheme as written goes; any other port names another server.
  if (u->has_port() && (u->port() == (scheme == "https" ? "443" : "80") || u->port().empty())) u->remove_port();
  if (u->encoded_path().empty()) u->set_encoded_path("/");
  u->normalize_path();
  return u;
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
// the key, read again, is the same key); https is the form written.
std::string key_of(urls::url link) {
  link.set_scheme("https");
  if (link.has_port() && (link.port() == "80" || link.port() == "443")) link.remove_port();
  if (link.has_query()) {
    std::string query = without_tracking(link.encoded_query());
    if (query.empty())
      link.remove_query();
    else
      link.set_encoded_query(query);
  }
  return std::string(link.buffer());
}

}  // namespace

std::optional<ItemUrl> item_url(std::string_view ref, std::string_view base) {
  std::optional<urls::url> link = link_of(ref, base);
  if (!link) return std::nullopt;
  return ItemUrl{std::string(link->buffer()), key_of(*link)};
}

std::optional<std::string> canonical_url(std::string_view ref, std::string_view base) {
  std::optional<ItemUrl> u = item_url(ref, base);
  if (!u) return std::nullopt;
  return std::move(u->key);
}

std::string url_host(std::string_view url) {
  std::optional<urls::url> link = link_of(url, {});
  return link ? std::string(link->encoded_host()) : std::string();
}

}  // namespace newswatch
