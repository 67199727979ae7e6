// apply_crawl throughput on a file database (WAL, synchronous=NORMAL): a
// 50-item page seen again unchanged (the common case), and a page of 50 new
// items matched by a watch (story assignment and outbox rows included).

#include <unistd.h>

#include <filesystem>
#include <string>

#include <benchmark/benchmark.h>

#include "store/store.h"

namespace newswatch {
namespace {

constexpr int k_page_size = 50;

class BenchDb {
 public:
  BenchDb() {
    std::string pattern = (std::filesystem::temp_directory_path() / "newswatch-bench-XXXXXX").string();
    m_dir = mkdtemp(pattern.data());
    m_store = std::move(open_sqlite_store((m_dir / "bench.db").string()).value());
  }
  ~BenchDb() {
    m_store.reset();
    std::filesystem::remove_all(m_dir);
  }
  Store& store() { return *m_store; }

 private:
  std::filesystem::path m_dir;
  std::unique_ptr<Store> m_store;
};

CrawlOutcome make_page(const std::string& site, std::int64_t at, int first) {
  CrawlOutcome outcome;
  outcome.site = site;
  outcome.url = "https://" + site + ".example/news/";
  outcome.at = at;
  outcome.http_status = 200;
  outcome.health = "ok";
  outcome.items.emplace();
  for (int i = first; i < first + k_page_size; ++i) {
    Item item;
    item.url = "https://" + site + ".example/2025/08/story-" + std::to_string(i) + "/";
    item.title = "North Korea story number " + std::to_string(i) + " about Kursk and missiles";
    item.summary = "A summary of some length describing event " + std::to_string(i) + " in a sentence or two.";
    item.authors = {"A. Writer"};
    item.published = "2025-08-13";
    outcome.items->push_back(std::move(item));
  }
  return outcome;
}

std::vector<AlertRequest> match_all(const Item&) {
  return {{"w", "hook", {"Kursk"}, true}};
}

void BM_ApplyCrawl_UnchangedPage(benchmark::State& state) {
  BenchDb db;
  std::int64_t at = 1'755'000'000;
  auto page = make_page("nk", at, 0);
  db.store().apply_crawl(page, match_all).value();
  for (auto _ : state) {
    page.at = ++at;
    benchmark::DoNotOptimize(db.store().apply_crawl(page, match_all).value());
  }
  state.counters["crawls/s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ApplyCrawl_UnchangedPage)->Unit(benchmark::kMicrosecond);

void BM_ApplyCrawl_NewPage(benchmark::State& state) {
  BenchDb db;
  std::int64_t at = 1'755'000'000;
  int next = 0;
  for (const char* site : {"a", "b"}) db.store().apply_crawl(make_page(site, at, next), match_all).value();
  for (auto _ : state) {
    state.PauseTiming();
    next += k_page_size;
    at += 600;  // a crawl every 10 minutes: the story window holds a bounded number of items
    auto page = make_page(next % (2 * k_page_size) == 0 ? "a" : "b", at, next);
    state.ResumeTiming();
    benchmark::DoNotOptimize(db.store().apply_crawl(page, match_all).value());
  }
  state.counters["crawls/s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ApplyCrawl_NewPage)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace newswatch

BENCHMARK_MAIN();
