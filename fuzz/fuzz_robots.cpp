// robots.txt parsing on arbitrary text, then matching a few paths (and the
// file's own Allow/Disallow patterns as paths) against the rules we obey.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "crawler/robots.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto rules = newswatch::parse_robots(text, "newswatch/0.1 (+https://example.org/bot)");
  if (!rules.allowed("/robots.txt")) std::abort();  // RFC 9309: always fetchable
  for (std::string_view path : {"", "/", "/news/?page=2", "/%7Euser/a%2fb", "/\xC3\xA9t\xC3\xA9/*$"})
    (void)rules.allowed(path);
  for (const auto& rule : rules.rules()) {
    (void)rules.allowed(rule.pattern);
    (void)newswatch::robots_pattern_matches(rule.pattern, newswatch::normalise_robots_path(text.substr(0, 64)));
  }
  (void)newswatch::robots_origin(text.substr(0, 256));
  (void)newswatch::robots_path(text.substr(0, 256));
  return 0;
}
