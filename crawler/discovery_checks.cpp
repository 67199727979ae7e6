#include "crawler/discovery_checks.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "crawler/charset.h"
#include "crawler/discovery_candidates.h"
#include "extractors/auto.h"
#include "extractors/extractor.h"
#include "extractors/feed.h"
#include "extractors/feed_dates.h"
#include "extractors/feed_json.h"
#include "extractors/sitemap.h"
#include "extractors/sitemap_gzip.h"

namespace newswatch {
namespace {

/// Titles of the first items, up to k_titles_kept.
void keep_titles(Finding& finding, const std::vector<Item>& items) {
  for (const Item& item : items)
    if (finding.titles.size() < k_titles_kept && !item.title.empty()) finding.titles.push_back(item.title);
}

/// Entries, recent entries, newest date and first titles of extracted items.
void count_items(Finding& finding, const std::vector<Item>& items, std::int64_t now, std::int64_t window) {
  finding.entries = static_cast<int>(items.size());
  keep_titles(finding, items);
  for (const Item& item : items) {
    if (!item.published) continue;
    auto t = iso_to_unix(*item.published);
    if (!t) t = iso_to_unix(*item.published + "T00:00:00+00:00");
    if (!t) continue;
    finding.newest = std::max(finding.newest.value_or(*t), *t);
    if (*t >= now - window) ++finding.recent;
  }
}

void fail_with(Finding& finding, std::string why) {
  finding.ok = false;
  finding.failure = std::move(why);
}

/// Lower is better; see rank() in the header.
int tier(const Finding& f) {
  if (!f.checked) return 5;
  if (!f.ok) return 6;
  switch (f.candidate.kind) {
    case SourceKind::feed: return f.recent > 0 && !is_comments_feed(f.candidate) ? 0 : 3;
    case SourceKind::sitemap: return f.recent > 0 ? 1 : 4;
    case SourceKind::page: return f.entries > 0 ? 2 : 6;
  }
  return 6;
}

}  // namespace

void judge_feed(Finding& finding, std::string_view body, std::string_view content_type, std::int64_t now) {
  finding.checked = true;
  if (document_kind(body) != SourceKind::feed) {
    const bool html = looks_like_html(content_type, body);
    return fail_with(finding,
                     html ? "not a feed (an HTML page)" : "not a feed (no <rss>, <feed>, <rdf:RDF> or JSON Feed)");
  }
  // As the crawler reads a feed: its own declaration unless HTTP names a charset other than UTF-8.
  const std::string http_charset = charset_from_content_type(content_type);
  const bool raw = http_charset.empty() || iconv_name_for(http_charset) == "UTF-8";
  const std::string decoded = raw ? std::string() : to_utf8(body, content_type);
  ExtractOptions options;
  options.dates.now = now;
  auto items = make_feed_extractor()->extract_with(raw ? body : std::string_view(decoded), finding.candidate.url,
                                                   options, nullptr);
  if (!items) return fail_with(finding, "not a feed: " + items.error().message);
  count_items(finding, *items, now, k_feed_recent_seconds);
  finding.ok = true;
}

void judge_sitemap(Finding& finding, std::string_view body, std::int64_t now) {
  finding.checked = true;
  ExtractOptions options;  // a site naming only `extractor = "sitemap"`: its recent window and max_children
  options.dates.now = now;
  ExtractReport report;
  auto reading = read_sitemap(body, finding.candidate.url, options, &report);
  if (!reading) return fail_with(finding, reading.error().message);
  finding.ok = true;
  finding.sitemap_index = reading->index;
  finding.entries = static_cast<int>(reading->entries);
  finding.recent = static_cast<int>(reading->items.size());
  finding.untitled = static_cast<int>(report.untitled.size());
  finding.newest = reading->newest;
  finding.children = std::move(reading->children);
  // Stand-in titles (the link) are not worth showing as a sample of what the sitemap says.
  std::vector<Item> titled;
  for (Item& item : reading->items)
    if (item.title != item.url && titled.size() < k_titles_kept) titled.push_back(std::move(item));
  keep_titles(finding, titled);
}

void take_child(Finding& index, const Finding& child) {
  index.child_read = child.candidate.url;
  if (!child.ok || child.sitemap_index) {
    index.child_failure = child.ok ? "an index itself (a crawl does not follow it)" : child.failure;
    return;
  }
  index.recent = child.recent;
  index.untitled = child.untitled;
  index.titles = child.titles;
  if (child.newest) index.newest = std::max(index.newest.value_or(*child.newest), *child.newest);
}

std::string_view xml_root_name(std::string_view document) {
  const auto local_name = [&](std::size_t at) {
    std::size_t end = at + 1;
    while (end < document.size() && (std::isalnum(static_cast<unsigned char>(document[end])) ||
                                     std::string_view(":-_.").find(document[end]) != std::string_view::npos))
      ++end;
    std::string_view name = document.substr(at + 1, end - at - 1);
    if (std::size_t colon = name.rfind(':'); colon != std::string_view::npos) name.remove_prefix(colon + 1);
    return name;
  };
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
    return local_name(at);
  }
  return {};
}

std::optional<SourceKind> document_kind(std::string_view body) {
  if (is_gzip(body)) return SourceKind::sitemap;
  if (looks_like_json(body)) return SourceKind::feed;  // the feed extractor says whether it is a JSON Feed
  const std::string_view root = xml_root_name(body);
  if (root == "rss" || root == "feed" || root == "RDF") return SourceKind::feed;
  if (root == "urlset" || root == "sitemapindex") return SourceKind::sitemap;
  return std::nullopt;
}

void judge_page(Finding& finding, std::string_view html, std::int64_t now) {
  finding.checked = true;
  ExtractOptions options;
  options.dates.now = now;
  auto items = make_auto_extractor()->extract_with(html, finding.candidate.url, options, nullptr);
  if (!items) return fail_with(finding, "auto cannot read the page: " + items.error().message);
  count_items(finding, *items, now, k_feed_recent_seconds);
  if (items->empty()) return fail_with(finding, "auto finds no articles on the page");
  finding.ok = true;
}

void rank(std::vector<Finding>& findings) {
  std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
    if (tier(a) != tier(b)) return tier(a) < tier(b);
    if (a.ok && b.ok && a.entries != b.entries) return a.entries > b.entries;
    return a.newest.value_or(0) > b.newest.value_or(0);
  });
}

std::string age_text(std::int64_t time, std::int64_t now) {
  const std::int64_t ago = now - time;
  if (ago < -300) return "in the future";
  if (ago < 60) return "just now";
  if (ago < 3600) return fmt::format("{} min ago", ago / 60);
  if (ago < 2 * 86400) return fmt::format("{} h ago", ago / 3600);
  return fmt::format("{} d ago", ago / 86400);
}

namespace {

std::string describe_sitemap(const Finding& f, std::int64_t now) {
  const std::string newest = f.newest ? ", newest " + age_text(*f.newest, now) : "";
  const std::string untitled = f.untitled ? fmt::format(", {} without news:title", f.untitled) : "";
  if (!f.sitemap_index)
    return fmt::format("news sitemap: {} URLs, {} in the last 2 days{}{}", f.entries, f.recent, untitled, newest);
  std::string out = fmt::format("sitemap index: {} sitemaps, a crawl reads {}", f.entries, f.children.size());
  if (f.child_read.empty()) return out + newest;
  if (!f.child_failure.empty()) return out + "; the newest could not be read: " + f.child_failure;
  return out + fmt::format("; the newest has {} URLs in the last 2 days{}{}", f.recent, untitled, newest);
}

}  // namespace

std::string describe(const Finding& f, std::int64_t now) {
  if (!f.checked) return "not checked: " + f.failure;
  if (!f.ok) return "failed: " + f.failure;
  const std::string newest = f.newest ? ", newest " + age_text(*f.newest, now) : "";
  switch (f.candidate.kind) {
    case SourceKind::feed: return fmt::format("feed: {} entries{}", f.entries, newest);
    case SourceKind::sitemap: return describe_sitemap(f, now);
    case SourceKind::page: return fmt::format("page under auto: {} articles{}", f.entries, newest);
  }
  return "";
}

}  // namespace newswatch
