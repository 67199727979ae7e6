#include "extractors/url.h"

#include <boost/url.hpp>

#include <array>

namespace newswatch {
namespace {

namespace urls = boost::urls;

// Parameters that only say where a click came from; never part of identity.
constexpr std::array<std::string_view, 8> k_tracking_params = {"fbclid", "gclid",  "dclid", "msclkid",
                                                               "mc_cid", "mc_eid", "_ga",   "yclid"};

bool is_tracking(std::string_view key) {
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
  std::optional<urls::url> u = resolve(ref, trim(base));
  if (!u) return std::nullopt;
  std::string scheme = to_lower(u->scheme());
  if (scheme != "http" && scheme != "https") return std::nullopt;
  if (!u->has_authority() || u->encoded_host().empty()) return std::nullopt;
  // http and https of one host are one item; https is the form we keep.
  u->set_scheme("https");
  u->set_encoded_host(to_lower(u->encoded_host()));
  if (u->has_port() && (u->port() == "443" || u->port() == "80" || u->port().empty())) u->remove_port();
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
