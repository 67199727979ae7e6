#include "extractors/url_authority.h"
#include "config/ascii.h"

#include <boost/url/ipv6_address.hpp>
#include <boost/url/parse.hpp>

#include <algorithm>
#include <vector>

namespace newswatch {
namespace {

using ascii::is_alpha;
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_hex(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

bool all_of(std::string_view s, bool (*pred)(char)) {
  return std::all_of(s.begin(), s.end(), pred);
}

// Where the authority of `ref` starts ("//" or "scheme://"), or npos when it has none.
std::size_t authority_start(std::string_view ref) {
  if (ref.starts_with("//")) return 2;
  std::size_t sep = ref.find("://");
  if (sep == std::string_view::npos || sep == 0 || !is_alpha(ref[0])) return std::string_view::npos;
  auto scheme_char = [](char c) { return is_alpha(c) || is_digit(c) || c == '+' || c == '-' || c == '.'; };
  if (!std::all_of(ref.begin(), ref.begin() + static_cast<std::ptrdiff_t>(sep), scheme_char))
    return std::string_view::npos;
  return sep + 3;
}

std::vector<std::string_view> split_labels(std::string_view host) {
  std::vector<std::string_view> labels;
  for (std::size_t i = 0;;) {
    std::size_t dot = host.find('.', i);
    labels.push_back(host.substr(i, dot - i));
    if (dot == std::string_view::npos) return labels;
    i = dot + 1;
  }
}

// WHATWG parses a host whose last label is a number ("0x7f.1", "2130706433", "010.1.1.1") as
// IPv4 and rewrites it; only the dotted-decimal form it leaves alone is kept.
bool ipv4_safe(std::string_view host) {
  std::vector<std::string_view> labels = split_labels(host);
  std::string_view last = labels.back().empty() && labels.size() > 1 ? labels[labels.size() - 2] : labels.back();
  bool hex = last.size() >= 2 && last[0] == '0' && (last[1] == 'x' || last[1] == 'X') && all_of(last.substr(2), is_hex);
  if (!hex && (last.empty() || !all_of(last, is_digit))) return true;  // a name, not a number
  if (labels.size() != 4) return false;
  for (std::string_view part : labels) {
    if (part.empty() || part.size() > 3 || !all_of(part, is_digit) || (part.size() > 1 && part[0] == '0')) return false;
    if (std::stoi(std::string(part)) > 255) return false;
  }
  return true;
}

std::optional<std::string> clean_reg_name(std::string_view host) {
  auto hostname_char = [](char c) {
    return is_alpha(c) || is_digit(c) || c == '-' || c == '.' || c == '_' || c == '~';
  };
  if (host.empty() || !all_of(host, hostname_char) || !ipv4_safe(host)) return std::nullopt;
  std::string out(host);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::optional<std::string> clean_ipv6(std::string_view literal) {
  std::string_view inner = literal.substr(1, literal.size() - 2);
  if (!boost::urls::parse_ipv6_address(inner)) return std::nullopt;
  std::string out(literal);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// ":digits" as ":number" ("" for no port or an empty one); nullopt when not a port.
std::optional<std::string> clean_port(std::string_view rest) {
  if (rest.empty() || rest == ":") return std::string();
  if (rest[0] != ':' || !all_of(rest.substr(1), is_digit)) return std::nullopt;
  std::string_view digits = rest.substr(1);
  while (digits.size() > 1 && digits[0] == '0') digits.remove_prefix(1);
  if (digits.size() > 5 || std::stoi(std::string(digits)) > 65535) return std::nullopt;
  return ":" + std::string(digits);
}

}  // namespace

std::optional<std::string> clean_authority(std::string_view ref) {
  std::size_t start = authority_start(ref);
  if (start == std::string_view::npos) return std::string(ref);
  std::size_t end = std::min(ref.find_first_of("/?#", start), ref.size());
  std::string_view authority = ref.substr(start, end - start);
  if (std::size_t at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);
  std::optional<std::string> host;
  std::string_view rest;
  if (authority.starts_with('[')) {
    std::size_t close = authority.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    host = clean_ipv6(authority.substr(0, close + 1));
    rest = authority.substr(close + 1);
  } else {
    std::size_t colon = std::min(authority.find(':'), authority.size());
    host = clean_reg_name(authority.substr(0, colon));
    rest = authority.substr(colon);
  }
  std::optional<std::string> port = clean_port(rest);
  if (!host || !port) return std::nullopt;
  // Boost.URL must read the same parts: it takes "127.0.0.1g" as the IPv4 address 127.0.0.1
  // followed by a path, where a browser reads one name.
  const std::string host_port = *host + *port;  // the parsed view points into it
  auto parsed = boost::urls::parse_authority(host_port);
  if (!parsed || parsed->has_userinfo() || parsed->encoded_host() != *host) return std::nullopt;
  return std::string(ref.substr(0, start)) + host_port + std::string(ref.substr(end));
}

}  // namespace newswatch
