// Extraction cost against the floor of one Gumbo parse, on the real NK News
// homepage and on a multi-MB listing built in memory by repeating the
// homepage's listing blocks. Target: BM_Extract <= 1.5x BM_BareGumboParse.

#include <benchmark/benchmark.h>
#include <gumbo.h>

#include <fstream>
#include <sstream>
#include <string>

#include "extractors/extractor.h"

namespace {

const std::string& homepage() {
  static const std::string html = [] {
    std::ifstream in(std::string(NEWSWATCH_TEST_FIXTURES) + "/nknews/homepage-2020-05-29.html", std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }();
  return html;
}

// The homepage's <body> with its main listing area repeated until ~4 MB.
const std::string& big_listing() {
  static const std::string html = [] {
    const std::string& page = homepage();
    size_t start = page.find("<div class=\"main-container-wrapper\">");
    size_t end = page.find("<div class=\"footer\">");
    std::string block = page.substr(start, end - start);
    std::string out = page.substr(0, start);
    while (out.size() < 4u << 20) out += block;
    out += page.substr(end);
    return out;
  }();
  return html;
}

void bare_parse(benchmark::State& state, const std::string& html) {
  for (auto _ : state) {
    GumboOutput* out = gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size());
    benchmark::DoNotOptimize(out);
    gumbo_destroy_output(&kGumboDefaultOptions, out);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * html.size()));
}

void extract(benchmark::State& state, const std::string& html) {
  auto ex = newswatch::make_extractor("nknews");
  size_t items = 0;
  for (auto _ : state) {
    auto result = (*ex)->extract(html, "https://www.nknews.org/");
    items = result ? result->size() : 0;
    benchmark::DoNotOptimize(items);
  }
  state.counters["items"] = static_cast<double>(items);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * html.size()));
}

void BM_BareGumboParse_Homepage(benchmark::State& s) {
  bare_parse(s, homepage());
}
void BM_Extract_Homepage(benchmark::State& s) {
  extract(s, homepage());
}
void BM_BareGumboParse_BigListing(benchmark::State& s) {
  bare_parse(s, big_listing());
}
void BM_Extract_BigListing(benchmark::State& s) {
  extract(s, big_listing());
}

BENCHMARK(BM_BareGumboParse_Homepage);
BENCHMARK(BM_Extract_Homepage);
BENCHMARK(BM_BareGumboParse_BigListing)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Extract_BigListing)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
