#include "extractors/feed.h"

#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "extractors/blocks.h"
#include "extractors/feed_dates.h"
#include "extractors/feed_identity.h"
#include "extractors/feed_json.h"
#include "extractors/feed_parse.h"
#include "extractors/feed_text.h"
#include "extractors/html.h"
#include "extractors/url.h"

namespace newswatch {
namespace {

// A '<' opening a tag or an '&' opening a reference: RSS text that is really HTML.
bool looks_like_markup(std::string_view s) {
  for (std::size_t i = 0; i + 1 < s.size(); ++i) {
    const char c = s[i], n = s[i + 1];
    const bool letter = (n >= 'a' && n <= 'z') || (n >= 'A' && n <= 'Z');
    if (c == '<' && (letter || n == '/' || n == '!')) return true;
    if (c == '&' && (letter || n == '#')) return true;
  }
  return false;
}

std::string html_to_text(std::string_view html) {
  auto doc = HtmlDocument::parse(html);
  if (!doc) return {};  // markup nested past the page limit: hostile, no summary
  return text(doc->root());
}

std::string plain_text(const FeedText& field) {
  if (field.markup == Markup::html || (field.markup == Markup::maybe_html && looks_like_markup(field.text)))
    return html_to_text(field.text);
  return clean_text(field.text);
}

// `text` cut to at most `limit` bytes at a word boundary (a UTF-8 boundary at worst), with an ellipsis.
std::string shortened(std::string text, std::size_t limit) {
  if (text.size() <= limit) return text;
  std::size_t cut = limit;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  if (std::size_t space = text.rfind(' ', cut); space != std::string::npos && space > limit / 2) cut = space;
  text.resize(cut);
  return text + "\xE2\x80\xA6";
}

void add_unique(std::vector<std::string>& list, std::string value) {
  if (value.empty()) return;
  for (const std::string& v : list)
    if (v == value) return;
  list.push_back(std::move(value));
}

// The base links of an entry resolve against: the feed URL, then each xml:base from the root down.
std::string entry_base(std::string_view feed_url, const std::string& chain) {
  std::string base(feed_url);
  std::size_t start = 0;
  while (start < chain.size()) {
    std::size_t end = chain.find('\n', start);
    if (end == std::string::npos) end = chain.size();
    if (auto resolved = item_url(std::string_view(chain).substr(start, end - start), base)) base = resolved->link;
    start = end + 1;
  }
  return base;
}

// The entry's article link: FeedBurner's origLink, the link, then a permalink GUID.
std::optional<ItemUrl> entry_link(const RawEntry& entry, std::string_view feed_url) {
  const std::string base = entry_base(feed_url, entry.link_base);
  for (const std::string& link : entry.links)
    if (auto url = item_url(link, base)) return url;
  if (entry.guid_is_permalink && (entry.guid.starts_with("http://") || entry.guid.starts_with("https://")))
    return item_url(entry.guid, base);
  return std::nullopt;
}

FeedEntry to_entry(const RawEntry& raw, std::string_view feed_url, const ExtractOptions& options,
                   ExtractReport& report) {
  FeedEntry entry;
  Item& item = entry.item;
  item.title = plain_text(raw.title);
  std::string summary = plain_text(raw.summary);
  if (summary.empty()) summary = plain_text(raw.content);
  item.summary = shortened(std::move(summary), k_max_feed_summary_bytes);
  bool clamped = false;
  item.published = feed_date(raw.dates, options.dates, &clamped);
  if (item.published)
    ++report.dates_parsed;
  else if (!raw.dates.empty() && report.dates_unparsed.size() < 5)
    report.dates_unparsed.push_back(raw.dates.front());
  if (clamped) ++report.dates_clamped;
  for (const std::string& author : raw.authors) add_unique(item.authors, clean_text(author));
  for (const std::string& category : raw.categories) add_unique(item.tags, clean_text(category));
  entry.link = entry_link(raw, feed_url);
  entry.guid = raw.guid;
  return entry;
}

Result<RawFeed> parse_xml_feed(const std::string& text) {
  const std::string xml = sanitize_feed_xml(text);
  // libxml2 stops at 256 levels by itself; a deeper document is refused before parsing, as pages are.
  if (std::size_t depth = xml_depth_bound(xml); depth > k_max_tree_depth)
    return fail(ErrorKind::parse,
                fmt::format("feed is {} elements deep, over the limit of {}", depth, k_max_tree_depth));
  return parse_feed_xml(xml);
}

class FeedExtractor final : public Extractor {
 public:
  Result<std::vector<Item>> extract(std::string_view bytes, std::string_view feed_url) const override {
    return extract_with(bytes, feed_url, ExtractOptions{}, nullptr);
  }

  Result<std::vector<Item>> extract_with(std::string_view bytes, std::string_view feed_url,
                                         const ExtractOptions& options, ExtractReport* report) const override {
    const std::string text = feed_to_utf8(bytes);
    if (text.substr(0, 1024).find('\0') != std::string::npos)
      return fail(ErrorKind::parse, "feed is binary data, not XML");
    if (text.size() > k_max_feed_bytes)
      return fail(ErrorKind::parse,
                  fmt::format("feed is {} bytes, over the limit of {}", text.size(), k_max_feed_bytes));
    auto feed = looks_like_json(text) ? parse_json_feed(text) : parse_xml_feed(text);
    if (!feed) return tl::unexpected(feed.error());
    ExtractReport scratch;
    ExtractReport& out = report ? *report : scratch;
    std::vector<FeedEntry> entries;
    entries.reserve(feed->entries.size());
    for (const RawEntry& raw : feed->entries) entries.push_back(to_entry(raw, feed_url, options, out));
    std::string fallback_link(feed_url);
    if (auto channel = item_url(feed->channel_link, entry_base(feed_url, feed->channel_base)))
      fallback_link = channel->link;
    out.identity = assign_identities(entries, feed_url, fallback_link);
    std::vector<Item> items;
    items.reserve(entries.size());
    for (FeedEntry& entry : entries) items.push_back(std::move(entry.item));
    return merge_duplicates(std::move(items));
  }

  bool reads_xml() const noexcept override { return true; }
};

}  // namespace

std::unique_ptr<const Extractor> make_feed_extractor() {
  return std::make_unique<FeedExtractor>();
}

}  // namespace newswatch
