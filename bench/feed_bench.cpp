// Feed parsing throughput: the real TechCrunch feed (the largest feed fixture, 207 KB,
// 20 entries with full content:encoded articles) with its entries repeated to ~4 MB,
// each repetition's links made unique. BM_FeedExtract is the whole extractor (decode,
// repair, libxml2, items with Gumbo-reduced text); BM_FeedBareLibxml2 is the floor,
// one xmlReadMemory of the same bytes. Reported: bytes/s and entries/s.

#include <benchmark/benchmark.h>
#include <libxml/parser.h>

#include <fstream>
#include <sstream>
#include <string>

#include "extractors/extractor.h"

namespace {

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct BigFeed {
  std::string bytes;
  std::size_t entries = 0;
};

const BigFeed& big_feed() {
  static const BigFeed feed = [] {
    const std::string page = read(std::string(NEWSWATCH_TEST_FIXTURES) + "/feeds/techcrunch.xml");
    const std::size_t start = page.find("<item>"), end = page.rfind("</channel>");
    const std::string block = page.substr(start, end - start);
    std::size_t per_block = 0;
    for (std::size_t at = block.find("<item>"); at != std::string::npos; at = block.find("<item>", at + 1)) ++per_block;
    BigFeed out;
    out.bytes = page.substr(0, start);
    for (int copy = 0; out.bytes.size() < 4u << 20; ++copy) {
      std::string repeated = block;
      const std::string mark = "</feedburner:origLink>", unique = "r" + std::to_string(copy) + "/" + mark;
      for (std::size_t at = repeated.find(mark); at != std::string::npos; at = repeated.find(mark, at + unique.size()))
        repeated.replace(at, mark.size(), unique);
      out.bytes += repeated;
      out.entries += per_block;
    }
    out.bytes += page.substr(end);
    return out;
  }();
  return feed;
}

void BM_FeedExtract(benchmark::State& state) {
  const BigFeed& feed = big_feed();
  auto extractor = newswatch::make_extractor("feed");
  std::size_t items = 0;
  for (auto _ : state) {
    auto out = (*extractor)->extract(feed.bytes, "http://feeds.feedburner.com/TechCrunch");
    items = out ? out->size() : 0;
    benchmark::DoNotOptimize(items);
  }
  if (items != feed.entries) state.SkipWithError("not every entry became an item");
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * feed.bytes.size()));
  state.counters["entries/s"] =
      benchmark::Counter(static_cast<double>(state.iterations() * feed.entries), benchmark::Counter::kIsRate);
  state.counters["MB"] = static_cast<double>(feed.bytes.size()) / (1 << 20);
}
BENCHMARK(BM_FeedExtract)->Unit(benchmark::kMillisecond);

void BM_FeedBareLibxml2(benchmark::State& state) {
  const BigFeed& feed = big_feed();
  const int options = XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
  for (auto _ : state) {
    xmlDocPtr doc = xmlReadMemory(feed.bytes.data(), static_cast<int>(feed.bytes.size()), nullptr, "UTF-8", options);
    benchmark::DoNotOptimize(doc);
    xmlFreeDoc(doc);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * feed.bytes.size()));
  state.counters["entries/s"] =
      benchmark::Counter(static_cast<double>(state.iterations() * feed.entries), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_FeedBareLibxml2)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
