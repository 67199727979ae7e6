// The feed extractor on arbitrary bytes taken as a feed: no crash, no leak, no
// hang, and what it returns keeps its promises: every item has an http(s) URL
// and a key, no two items share a key, and a summary stays within its cap.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string_view>

#include "extractors/extractor.h"
#include "extractors/feed.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto extractor = newswatch::make_feed_extractor();
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  newswatch::ExtractOptions options;
  options.dates.now = 1700000000;
  newswatch::ExtractReport report;
  auto items = extractor->extract_with(bytes, "https://feeds.example.org/news/rss", options, &report);
  if (!items) return 0;
  std::set<std::string> keys;
  for (const auto& item : *items) {
    if (!item.url.starts_with("http://") && !item.url.starts_with("https://")) std::abort();
    if (item.key.empty() || !keys.insert(item.key).second) std::abort();
    if (item.summary.size() > newswatch::k_max_feed_summary_bytes + 3) std::abort();
  }
  return 0;
}
