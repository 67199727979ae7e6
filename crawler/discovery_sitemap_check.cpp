#include "crawler/discovery_sitemap_check.h"

#include <algorithm>
#include <cctype>
#include <string>

#include "extractors/dates.h"
#include "extractors/feed_dates.h"

namespace newswatch {
namespace {

bool name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == ':' || c == '-' || c == '_' || c == '.';
}

/// The local name of the tag that opens at `document[at]` ('<'), or "".
std::string_view tag_local_name(std::string_view document, std::size_t at) {
  std::size_t end = at + 1;
  while (end < document.size() && name_char(document[end])) ++end;
  std::string_view name = document.substr(at + 1, end - at - 1);
  if (std::size_t colon = name.rfind(':'); colon != std::string_view::npos) name.remove_prefix(colon + 1);
  return name;
}

/// The text of the next <...`local`> element at or after `from`, before `limit`; "" when none.
std::string_view element_text(std::string_view document, std::size_t from, std::size_t limit, std::string_view local) {
  for (std::size_t at = document.find('<', from); at < limit; at = document.find('<', at + 1)) {
    if (tag_local_name(document, at) != local) continue;
    const std::size_t open_end = document.find('>', at);
    const std::size_t close = document.find('<', open_end);
    if (open_end >= limit || close > limit) return {};
    return document.substr(open_end + 1, close - open_end - 1);
  }
  return {};
}

std::optional<std::int64_t> entry_time(std::string_view text) {
  auto iso = parse_date(text);
  if (!iso) return std::nullopt;
  if (auto t = iso_to_unix(*iso)) return t;
  return iso_to_unix(*iso + "T00:00:00+00:00");  // a lastmod of a day alone
}

}  // namespace

std::string_view xml_root_name(std::string_view document) {
  std::size_t at = 0;
  while ((at = document.find('<', at)) != std::string_view::npos) {
    if (document.compare(at, 4, "<!--") == 0) {
      at = document.find("-->", at);
      if (at == std::string_view::npos) return {};
      continue;
    }
    if (at + 1 < document.size() && (document[at + 1] == '?' || document[at + 1] == '!')) {
      ++at;
      continue;
    }
    return tag_local_name(document, at);
  }
  return {};
}

std::optional<SitemapCheck> check_sitemap(std::string_view document, std::int64_t now) {
  const std::string_view root = xml_root_name(document);
  if (root != "urlset" && root != "sitemapindex") return std::nullopt;
  SitemapCheck check;
  check.index = root == "sitemapindex";
  const std::string_view entry = check.index ? "sitemap" : "url";
  for (std::size_t at = document.find('<'); at != std::string_view::npos; at = document.find('<', at + 1)) {
    if (tag_local_name(document, at) != entry || document.compare(at + 1, 1, "/") == 0) continue;
    ++check.entries;
    std::size_t end = document.find("</", at);
    while (end != std::string_view::npos && tag_local_name(document, end + 1) != entry)
      end = document.find("</", end + 2);
    if (end == std::string_view::npos) end = document.size();
    std::string_view date = element_text(document, at, end, "publication_date");
    if (date.empty()) date = element_text(document, at, end, "lastmod");
    if (auto t = entry_time(date)) {
      check.newest = std::max(check.newest.value_or(*t), *t);
      if (*t >= now - k_sitemap_recent_seconds) ++check.recent;
    }
    at = end;
  }
  return check;
}

}  // namespace newswatch
