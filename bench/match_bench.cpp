// Matching throughput: items per second through the service's Matcher with
// 1,000 watches, article bodies on (3-5 KB of English or Korean, generated
// here) and off (title and summary only, as before article fetching). Each
// item is tokenised once (ICU NFKC_Casefold, Korean stems, a word index for
// the body) and every watch's query is evaluated on it; the snippet is made
// for items some watch matched, as the crawl does. Reported: items/s.
// Then the scale cases: 100, 1,000 and 10,000 generated watches (match_workload.h) against generated items,
// with and without bodies, through the index and (10,000 only) through every watch; reported: per_item (CPU
// time per item).
//   build-rel/bench/match_bench --benchmark_repetitions=3 --benchmark_report_aggregates_only=true

#include <benchmark/benchmark.h>

#include <map>
#include <random>
#include <string>
#include <vector>

#include "alerts/matcher.h"
#include "bench/match_workload.h"

namespace {

using newswatch::Config;
using newswatch::Item;

const std::vector<std::string> k_english = {
    "officials", "said",      "the",       "ministry",  "would",    "review",  "trade",   "talks",    "with",
    "Seoul",     "after",     "missile",   "launch",    "on",       "Tuesday", "sources", "reported", "a",
    "statement", "from",      "Pyongyang", "about",     "military", "drills",  "near",    "border",   "and",
    "economic",  "sanctions", "were",      "discussed", "in",       "detail",  "by",      "analysts", "who",
    "follow",    "the",       "region",    "closely",   "Kim",      "Yo",      "Jong",    "Russia",   "China"};
const std::vector<std::string> k_korean = {
    "정부는",   "이날",       "북한의",       "미사일",     "발사에",   "대해",   "강력히",   "규탄했다",
    "합참은",   "동해상으로", "탄도미사일을", "발사했다고", "밝혔다",   "국방부", "관계자는", "추가",
    "도발",     "가능성을",   "주시하고",     "있다",       "러시아와", "중국의", "반응도",   "주목된다",
    "통일부는", "대화를",     "촉구했다",     "김여정은",   "담화에서", "한국을", "비난했다", "전문가들은",
    "경제",     "제재",       "효과를",       "분석했다"};
const std::vector<std::string> k_topics = {"sanctions", "missile", "Kursk",   "plenum",  "satellite", "nuclear",
                                           "defector",  "famine",  "cyber",   "tunnel",  "artillery", "drone",
                                           "election",  "embassy", "uranium", "railway", "fishing",   "border"};

std::string sentence(std::mt19937& rng, const std::vector<std::string>& words, bool korean) {
  std::uniform_int_distribution<std::size_t> pick(0, words.size() - 1), length(8, 18);
  std::string out;
  for (std::size_t n = length(rng), i = 0; i < n; ++i) out += (i ? " " : "") + words[pick(rng)];
  return out + (korean ? ". " : ". ");
}

std::string body(std::mt19937& rng, bool korean) {
  std::uniform_int_distribution<std::size_t> size(3000, 5000);
  std::string out;
  for (std::size_t target = size(rng); out.size() < target;)
    out += sentence(rng, korean ? k_korean : k_english, korean);
  return out;
}

/// 1,000 watches of the shapes users write: words, phrases, an alias across scripts, prefixes, NOT, scopes.
Config thousand_watches() {
  Config config;
  config.aliases = {{"North Korea", {"DPRK", "북한", "조선", "Pyongyang", "N. Korea"}},
                    {"Kim Jong Un", {"김정은", "Kim Jong-un"}}};
  for (int i = 0; i < 1000; ++i) {
    const std::string& topic = k_topics[static_cast<std::size_t>(i) % k_topics.size()];
    std::string unique = "term" + std::to_string(i);
    std::string query;
    switch (i % 5) {
      case 0: query = "\"North Korea\" " + topic + " -podcast"; break;
      case 1: query = "(" + topic + " OR " + unique + ") \"Kim Yo Jong\""; break;
      case 2: query = "title:" + topic + " OR body:\"" + unique + " report\""; break;
      case 3: query = "북한 " + unique + "*"; break;
      default: query = "\"Kim Jong Un\" AND (" + topic + " OR 미사일)"; break;
    }
    config.watches.push_back({"w" + std::to_string(i), query, {"*"}, {"hook"}, true, false, std::nullopt});
  }
  return config;
}

std::vector<Item> items(bool with_body) {
  std::mt19937 rng(42);
  std::vector<Item> out;
  for (int i = 0; i < 200; ++i) {
    bool korean = i % 2 == 1;
    Item item;
    item.site = "nknews";
    item.url = "https://example.org/" + std::to_string(i);
    item.title = sentence(rng, korean ? k_korean : k_english, korean);
    item.summary = sentence(rng, korean ? k_korean : k_english, korean);
    item.authors = {"Staff writer"};
    if (with_body) item.body = body(rng, korean);
    out.push_back(std::move(item));
  }
  return out;
}

void run(benchmark::State& state, bool with_body) {
  static const auto matcher = [] {
    auto built = newswatch::Matcher::build(thousand_watches());
    if (!built) std::abort();
    return std::move(*built);
  }();
  const std::vector<Item> batch = items(with_body);
  std::size_t hits = 0;
  for (auto _ : state) {
    for (const Item& item : batch) {
      newswatch::Snippet snippet;
      hits += matcher.match(item, &snippet).size();
      benchmark::DoNotOptimize(snippet);
    }
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * batch.size()));
  state.counters["hits_per_item"] = static_cast<double>(hits) / static_cast<double>(state.iterations() * batch.size());
}

void BM_Match1000Watches_BodyOn(benchmark::State& state) {
  run(state, true);
}
void BM_Match1000Watches_BodyOff(benchmark::State& state) {
  run(state, false);
}

BENCHMARK(BM_Match1000Watches_BodyOn)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Match1000Watches_BodyOff)->Unit(benchmark::kMillisecond);

/// Arguments: the number of generated watches, and 1 for items with bodies; with `every_watch`, the reference
/// pass over every watch (what match() did before the index), for the ratio.
void match_generated(benchmark::State& state, bool every_watch) {
  static const match_workload::Workload workload;
  static std::map<std::size_t, newswatch::Matcher> matchers;  // built once per size, outside the timing
  auto watches = static_cast<std::size_t>(state.range(0));
  auto found = matchers.find(watches);
  if (found == matchers.end()) {
    auto built = newswatch::Matcher::build(workload.config(watches));
    if (!built) {
      state.SkipWithError(built.error().message.c_str());
      return;
    }
    found = matchers.emplace(watches, std::move(*built)).first;
  }
  const std::vector<Item> batch = workload.items(100, state.range(1) != 0);
  std::size_t hits = 0;
  for (auto _ : state) {
    for (const Item& item : batch) {
      newswatch::Snippet snippet;
      const newswatch::Matcher& matcher = found->second;
      hits += (every_watch ? matcher.match_every_watch(item, &snippet) : matcher.match(item, &snippet)).size();
      benchmark::DoNotOptimize(snippet);
    }
  }
  auto items = static_cast<double>(state.iterations() * batch.size());
  state.counters["hits_per_item"] = static_cast<double>(hits) / items;
  state.counters["per_item"] = benchmark::Counter(
      static_cast<double>(batch.size()), benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

void BM_MatchGeneratedWatches(benchmark::State& state) {
  match_generated(state, false);
}
void BM_MatchGeneratedWatches_EveryWatch(benchmark::State& state) {
  match_generated(state, true);
}

BENCHMARK(BM_MatchGeneratedWatches)
    ->ArgNames({"watches", "body"})
    ->ArgsProduct({{100, 1000, 10000}, {0, 1}})
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_MatchGeneratedWatches_EveryWatch)
    ->ArgNames({"watches", "body"})
    ->ArgsProduct({{10000}, {0, 1}})
    ->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
