#include "extractors/sitemap.h"

#include <algorithm>
#include <chrono>
#include <unordered_set>

#include <fmt/format.h>

#include "config/clock.h"
#include "extractors/sitemap_gzip.h"
#include "extractors/sitemap_parse.h"
#include "extractors/url.h"

namespace newswatch {
namespace {

/// A parsed date: its ISO text for the item, its unix time for the window and the order.
struct Dated {
  std::optional<std::string> iso;
  std::optional<std::int64_t> unix;
};

Dated read_date(std::string_view text, ExtractReport* report) {
  Dated out;
  if (text.empty()) return out;
  out.iso = parse_date(text, "+00:00");  // W3C Datetime without a zone is UTC
  if (out.iso) out.unix = iso_unix_seconds(*out.iso);
  if (report && out.unix) ++report->dates_parsed;
  if (report && !out.unix && report->dates_unparsed.size() < 5) report->dates_unparsed.emplace_back(text);
  return out;
}

std::vector<std::string> split_keywords(std::string_view keywords) {
  std::vector<std::string> tags;
  while (!keywords.empty()) {
    const std::size_t comma = std::min(keywords.find(','), keywords.size());
    std::string_view tag = keywords.substr(0, comma);
    while (!tag.empty() && tag.front() == ' ') tag.remove_prefix(1);
    while (!tag.empty() && tag.back() == ' ') tag.remove_suffix(1);
    if (!tag.empty()) tags.emplace_back(tag);
    keywords.remove_prefix(std::min(comma + 1, keywords.size()));
  }
  return tags;
}

/// Orders `entries` newest first by `unix` (undated last), keeping file order among equals.
template <class T>
void newest_first(std::vector<T>& entries) {
  std::stable_sort(entries.begin(), entries.end(), [](const T& a, const T& b) {
    if (a.unix.has_value() != b.unix.has_value()) return a.unix.has_value();
    return a.unix && *a.unix > *b.unix;
  });
}

struct Entry {
  Item item;
  std::optional<std::int64_t> unix;
};

/// Counts a dated or undated entry into `reading`'s totals.
void count_entry(SitemapReading& reading, const std::optional<std::int64_t>& unix) {
  ++reading.entries;
  if (unix) reading.newest = std::max(reading.newest.value_or(*unix), *unix);
}

void read_recent_items(const SitemapDocument& doc, std::string_view page_url, std::int64_t cutoff,
                       ExtractReport* report, SitemapReading& reading) {
  UrlResolver resolver(page_url);
  std::unordered_set<std::string> seen;
  std::vector<Entry> entries;
  std::size_t skipped = 0;
  for (const SitemapUrl& url : doc.urls) {
    auto link = resolver.resolve(url.loc);
    if (!link || !seen.insert(link->key).second) continue;
    Dated date = read_date(url.publication_date.empty() ? url.lastmod : url.publication_date, report);
    count_entry(reading, date.unix);
    if (date.unix ? *date.unix < cutoff : !url.news) {
      ++skipped;
      continue;
    }
    Entry entry{{}, date.unix};
    entry.item.url = link->link;
    entry.item.key = link->key;
    entry.item.title = url.news_title.empty() ? link->link : url.news_title;
    entry.item.published = date.unix ? date.iso : std::nullopt;
    entry.item.tags = split_keywords(url.keywords);
    entries.push_back(std::move(entry));
  }
  newest_first(entries);
  reading.items.reserve(entries.size());
  for (Entry& entry : entries) {
    if (report && entry.item.title == entry.item.url) report->untitled.push_back(entry.item.key);
    reading.items.push_back(std::move(entry.item));
  }
  if (report) report->entries_skipped += skipped;
}

struct Child {
  std::string url;
  std::optional<std::int64_t> unix;
};

void read_recent_children(const SitemapDocument& doc, std::string_view page_url, std::int64_t cutoff, int max_children,
                          ExtractReport* report, SitemapReading& reading) {
  UrlResolver resolver(page_url);
  std::unordered_set<std::string> seen;
  std::vector<Child> children;
  for (const SitemapChild& child : doc.children) {
    auto link = resolver.resolve(child.loc);
    if (!link || !seen.insert(link->key).second) continue;
    Dated date = read_date(child.lastmod, report);
    count_entry(reading, date.unix);
    if (date.unix && *date.unix < cutoff) {
      if (report) ++report->entries_skipped;
      continue;
    }
    children.push_back(Child{link->link, date.unix});
  }
  newest_first(children);
  if (children.size() > static_cast<std::size_t>(max_children)) children.resize(static_cast<std::size_t>(max_children));
  for (Child& child : children) reading.children.push_back(std::move(child.url));
}

class SitemapExtractor final : public Extractor {
 public:
  Result<std::vector<Item>> extract(std::string_view bytes, std::string_view page_url) const override {
    return extract_with(bytes, page_url, ExtractOptions{}, nullptr);
  }

  Result<std::vector<Item>> extract_with(std::string_view bytes, std::string_view page_url,
                                         const ExtractOptions& options, ExtractReport* report) const override {
    auto reading = read_sitemap(bytes, page_url, options, report);
    if (!reading) return tl::unexpected(reading.error());
    if (report) report->follow_ups = std::move(reading->children);
    return std::move(reading->items);
  }

  bool reads_xml() const noexcept override { return true; }
};

}  // namespace

std::unique_ptr<const Extractor> make_sitemap_extractor() {
  return std::make_unique<SitemapExtractor>();
}

Result<SitemapReading> read_sitemap(std::string_view bytes, std::string_view page_url, const ExtractOptions& options,
                                    ExtractReport* report) {
  std::string inflated;
  if (is_gzip(bytes)) {
    auto unpacked = gunzip(bytes, k_sitemap_max_inflated_bytes);
    if (!unpacked) return fail(ErrorKind::parse, fmt::format("{}: {}", page_url, unpacked.error().message));
    inflated = std::move(*unpacked);
    bytes = inflated;
  } else if (bytes.size() > k_sitemap_max_inflated_bytes) {
    return fail(ErrorKind::parse, fmt::format("{}: a sitemap of {} bytes is past the protocol's {}", page_url,
                                              bytes.size(), format_byte_size(k_sitemap_max_inflated_bytes)));
  }
  auto doc = parse_sitemap_xml(bytes, page_url);
  if (!doc) return tl::unexpected(doc.error());
  const std::int64_t now = options.dates.now.value_or(unix_now());
  const std::int64_t cutoff = now - options.sitemap.recent.count();
  SitemapReading reading;
  reading.index = doc->index;
  if (doc->index)
    read_recent_children(*doc, page_url, cutoff, options.sitemap.max_children, report, reading);
  else
    read_recent_items(*doc, page_url, cutoff, report, reading);
  return reading;
}

std::optional<std::int64_t> iso_unix_seconds(std::string_view iso) {
  auto digits = [&](std::size_t at, std::size_t n) -> std::optional<int> {
    if (at + n > iso.size()) return std::nullopt;
    int value = 0;
    for (std::size_t i = at; i < at + n; ++i) {
      if (iso[i] < '0' || iso[i] > '9') return std::nullopt;
      value = value * 10 + (iso[i] - '0');
    }
    return value;
  };
  auto y = digits(0, 4), m = digits(5, 2), d = digits(8, 2);
  if (!y || !m || !d || iso[4] != '-' || iso[7] != '-') return std::nullopt;
  const std::chrono::year_month_day day{std::chrono::year{*y}, std::chrono::month(static_cast<unsigned>(*m)),
                                        std::chrono::day(static_cast<unsigned>(*d))};
  if (!day.ok()) return std::nullopt;
  std::int64_t seconds = std::chrono::sys_days(day).time_since_epoch() / std::chrono::seconds(1);
  if (iso.size() == 10) return seconds;
  // "THH:MM:SS+HH:MM": 25 characters in all.
  auto h = digits(11, 2), mi = digits(14, 2), s = digits(17, 2), oh = digits(20, 2), om = digits(23, 2);
  if (iso.size() != 25 || iso[10] != 'T' || !h || !mi || !s || !oh || !om || (iso[19] != '+' && iso[19] != '-'))
    return std::nullopt;
  const std::int64_t offset = (*oh * 3600 + *om * 60) * (iso[19] == '-' ? -1 : 1);
  return seconds + *h * 3600 + *mi * 60 + *s - offset;
}

}  // namespace newswatch
