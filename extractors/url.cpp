#include "extractors/url.h"

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

}  // namespace

std::optional<std::string> canonical_url(std::string_view ref, std::string_view base) {
  ref = trim(ref);
  if (ref.empty()) return std::nullopt;
  std::optional<urls::url> u = resolve(escape_raw(ref), escape_raw(trim(base)));
  if (!u) return std::nullopt;
  std::string scheme = to_lower(u->scheme());
  if (scheme != "http" && scheme != "https") return std::nullopt;
  if (!u->has_authority() || u->encoded_host().empty()) return std::nullopt;
  // The default port of the scheme as written goes; any other port names another server.
  std::string_view default_port = scheme == "https" ? "443" : "80";
  if (u->has_port() && (u->port() == default_port || u->port().empty())) u->remove_port();
  // http and https of one host are one item; https is the form we keep.
  u->set_scheme("https");
  u->set_encoded_host(to_lower(u->encoded_host()));
  u->remove_fragment();
  u->remove_userinfo();
  if (u->encoded_path().empty()) u->set_encoded_path("/");
  if (u->has_query()) {
    auto params = u->params();
    for (auto it = params.begin(); it != params.end();) {
      if (is_tracking((*it).key))
        it = params.erase(it);
      else
        ++it;
    }
    if (u->encoded_query().empty()) u->remove_query();
  }
  u->normalize_path();
  return std::string(u->buffer());
}

std::string url_host(std::string_view url) {
  auto parsed = urls::parse_uri(trim(url));
  if (!parsed || !parsed->has_authority()) return {};
  return to_lower(parsed->encoded_host());
}

}  // namespace newswatch
