#pragma once
// ASCII-only character tests and case mapping for protocol text: HTTP headers,
// robots.txt, charset labels, tag names, date words. They never depend on the C
// locale (std::tolower/std::isspace do) and never touch bytes >= 0x80, so UTF-8
// passes through unchanged. Files bring the ones they use in with
// `using ascii::lower;`, which may be repeated when sources are compiled together.

#include <string>
#include <string_view>

namespace newswatch::ascii {

constexpr char lower(char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

inline std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = lower(c);
  return out;
}

constexpr bool is_alpha(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/// HTML's ASCII whitespace: space, tab, LF, FF, CR.
constexpr bool is_space(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

/// `s` without leading and trailing whitespace (HTML's set plus vertical tab, as std::isspace in the C locale).
constexpr std::string_view trim(std::string_view s) noexcept {
  const auto space = [](char c) { return is_space(c) || c == '\v'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

/// `s` without leading and trailing spaces and control characters (<= U+0020), as an href attribute is read.
constexpr std::string_view trim_controls(std::string_view s) noexcept {
  while (!s.empty() && static_cast<unsigned char>(s.front()) <= ' ') s.remove_prefix(1);
  while (!s.empty() && static_cast<unsigned char>(s.back()) <= ' ') s.remove_suffix(1);
  return s;
}

}  // namespace newswatch::ascii
