// Extraction cost against the floor of one Gumbo parse, on the real NK News
// homepage, on a multi-MB listing built in memory by repeating the homepage's
// listing blocks, and on a generated multi-MB listing whose cards share one parent. Target: BM_Extract <= 1.5x
// BM_BareGumboParse.

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

// ~4 MB of generated cards that all share one parent, as a long "latest news"
// list does: heading link, excerpt, byline and date are siblings of the next card's.
const std::string& flat_listing() {
  static const std::string html = [] {
    std::string out = "<html><body><div class=\"latest\">";
    for (int i = 0; out.size() < 4u << 20; ++i) {
      std::string n = std::to_string(i);
      out += "<h3><a href=\"/2021/06/story-" + n + "/\">Headline number " + n + " about the peninsula</a></h3>";
      out += "<p class=\"news-summary\">Summary " + n + " of the story, long enough to look like one.</p>";
      out += "<a href=\"/content_author/writer-" + std::to_string(i % 50) + "/\">Writer</a>";
      out += "<span class=\"date\">June 1, 2021</span>";
    }
    return out + "</div></body></html>";
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

void BM_BareGumboParse_FlatListing(benchmark::State& s) {
  bare_parse(s, flat_listing());
}
void BM_Extract_FlatListing(benchmark::State& s) {
  extract(s, flat_listing());
}

BENCHMARK(BM_BareGumboParse_Homepage);
BENCHMARK(BM_Extract_Homepage);
BENCHMARK(BM_BareGumboParse_BigListing)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Extract_BigListing)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_BareGumboParse_FlatListing)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Extract_FlatListing)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
