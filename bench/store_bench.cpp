// apply_crawl on a file database (WAL, synchronous=NORMAL).
//
// Small pages: a 50-item page seen again unchanged (the common case), and a page of 50 new items matched
// by a watch (story assignment and outbox rows included).
//
// At scale: a store already holding N items (10^4 and 10^6), spread over a year and several hundred sites,
// with titles and summaries drawn from one Zipf-distributed vocabulary (so "north" and "korea" are common
// and most words are rare, as in real headlines), then a crawl of one site that finds 20 new items, a few
// of them retellings of another site's recent story. The claim under test (issue 10): the cost of that
// crawl does not grow with N. The store is generated once per N, directly in SQL inside one transaction at
// the schema version before story postings (k_generated_schema); opening it with open_sqlite_store then
// runs the remaining migrations as an upgrade would. Each repetition times 5 crawls; report the median (the time is the
// store thread's CPU time, not wall time).

#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <random>
#include <string>

#include <benchmark/benchmark.h>

#include "bench/scale_vocabulary.h"

#include "store/migrations.h"
#include "store/sqlite.h"
#include "store/store.h"
#include "store/stories.h"

namespace newswatch {
namespace {

constexpr int k_page_size = 50;

class BenchDb {
 public:
  BenchDb() {
    std::string pattern = (std::filesystem::temp_directory_path() / "newswatch-bench-XXXXXX").string();
    m_dir = mkdtemp(pattern.data());
  }
  ~BenchDb() {
    m_store.reset();
    std::filesystem::remove_all(m_dir);
  }
  std::string path() const { return (m_dir / "bench.db").string(); }
  Store& store() {
    if (!m_store) m_store = std::move(open_sqlite_store(path()).value());
    return *m_store;
  }

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

AlertRequest alert_request(const std::string& term) {
  AlertRequest request;
  request.watch = "w";
  request.notifier = "hook";
  request.matched = {term};
  request.once_per_story = true;
  return request;
}

std::vector<AlertRequest> match_all(const Item&) {
  return {alert_request("Kursk")};
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

// --- at scale ---

/// The schema the generated store is written at: the last version without story postings.
constexpr int k_generated_schema = 8;
constexpr int k_sites = 400;
constexpr std::int64_t k_now = 1'755'000'000;
constexpr std::int64_t k_span_seconds = 365 * 86400;
constexpr int k_new_items = 20;

/// Headline words by rank: the common ones real, the long tail made of syllables (pronounceable, distinct).
class Vocabulary {
 public:
  explicit Vocabulary(std::size_t size) {
    static const char* const common[] = {
        "north",    "korea",    "south",     "kim",   "missile",  "nuclear", "seoul",    "pyongyang",   "military",
        "us",       "china",    "russia",    "talks", "leader",   "launch",  "border",   "sanctions",   "defense",
        "minister", "summit",   "president", "test",  "army",     "troops",  "japan",    "election",    "economy",
        "trade",    "report",   "official",  "says",  "security", "drill",   "exercise", "ballistic",   "program",
        "korean",   "jong",     "un",        "yoon",  "party",    "court",   "police",   "weapons",     "satellite",
        "spy",      "defector", "aid",       "food",  "ukraine",  "war",     "peace",    "unification", "navy"};
    static const char* const syllables[] = {"ka", "ri", "mo", "tan", "sel", "vor", "pil", "gu", "den", "ax",
                                            "lo", "ne", "zu", "har", "bi",  "col", "em",  "fa", "tor", "quin"};
    for (const char* word : common) m_words.emplace_back(word);
    for (std::size_t i = 0; m_words.size() < size; ++i) {
      std::string word;
      for (std::size_t n = i + 20; n > 0; n /= 20) word += syllables[n % 20];
      m_words.push_back(word);
    }
    double total = 0;
    for (std::size_t rank = 1; rank <= m_words.size(); ++rank) m_cdf.push_back(total += 1.0 / rank);
    for (double& c : m_cdf) c /= total;
  }
  template <class Rng>
  const std::string& draw(Rng& rng) const {
    double u = std::uniform_real_distribution<double>(0.0, 1.0)(rng);
    auto at = std::lower_bound(m_cdf.begin(), m_cdf.end(), u) - m_cdf.begin();
    return m_words[std::min(static_cast<std::size_t>(at), m_words.size() - 1)];
  }
  template <class Rng>
  std::string sentence(Rng& rng, int words) const {
    std::string out;
    for (int i = 0; i < words; ++i) out += (i ? " " : "") + draw(rng);
    return out;
  }

 private:
  std::vector<std::string> m_words;
  std::vector<double> m_cdf;
};

std::string site_name(int n) {
  return "site" + std::to_string(n);
}

/// Writes `count` items (ids 1..count, first_seen spread evenly over the year before k_now, newest last)
/// in one transaction with prepared statements; each item is its own story.
void generate_items(const std::string& path, int count, const Vocabulary& words) {
  sqlite::Database db(path);
  db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF");
  sqlite::migrate(db, k_generated_schema);
  sqlite::Transaction tx(db);
  for (int s = 0; s < k_sites; ++s) db.query("INSERT INTO sites(name) VALUES (?1)").bind(1, site_name(s)).run();
  std::mt19937_64 rng(42);
  for (int id = 1; id <= count; ++id) {
    const std::int64_t first_seen = k_now - k_span_seconds + k_span_seconds * id / count;
    const std::string site = site_name(static_cast<int>(rng() % k_sites));
    const std::string title = words.sentence(rng, 7 + static_cast<int>(rng() % 6));
    const std::string summary = words.sentence(rng, 15 + static_cast<int>(rng() % 15));
    const std::string story = "s" + std::to_string(id);
    db.query("INSERT INTO stories(id, created_at) VALUES (?1, ?2)").bind(1, story).bind(2, first_seen).run();
    auto q = db.query(
        "INSERT INTO items(id, url, site, title, summary, first_seen, last_seen, story_id, tokens) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7, ?8)");
    q.bind(1, id).bind(2, "https://" + site + ".example/a/" + std::to_string(id)).bind(3, site);
    q.bind(4, title).bind(5, summary).bind(6, first_seen).bind(7, story);
    q.bind(8, stories::join(stories::tokens(title + " " + summary))).run();
  }
  tx.commit();
}

/// A page of k_new_items new items for one site; every fourth retells a recent item of another site.
CrawlOutcome new_items_page(Store& store, const Vocabulary& words, std::mt19937_64& rng, std::int64_t at, int serial) {
  CrawlOutcome outcome;
  outcome.site = site_name(serial % k_sites);
  outcome.url = "https://" + outcome.site + ".example/news/";
  outcome.at = at;
  outcome.http_status = 200;
  outcome.health = "ok";
  outcome.items.emplace();
  ItemQuery recent;
  recent.limit = k_new_items;
  recent.bodies = false;
  auto others = store.items(recent).value();
  for (int i = 0; i < k_new_items; ++i) {
    Item item;
    item.url = "https://" + outcome.site + ".example/new/" + std::to_string(serial) + "-" + std::to_string(i);
    item.title = words.sentence(rng, 7 + static_cast<int>(rng() % 6));
    item.summary = words.sentence(rng, 15 + static_cast<int>(rng() % 15));
    if (i % 4 == 0 && static_cast<std::size_t>(i) < others.size()) {  // a retelling: same text, one word changed
      item.title = others[static_cast<std::size_t>(i)].item.title + " " + words.draw(rng);
      item.summary = others[static_cast<std::size_t>(i)].item.summary;
    }
    outcome.items->push_back(std::move(item));
  }
  return outcome;
}

/// CPU time of this thread: the machine is shared, so wall time would measure the neighbours.
double thread_cpu_seconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

/// One generated store per size, kept for every repetition (generating 10^6 items takes a while).
BenchDb& scaled_store(int count, const Vocabulary& words) {
  static std::map<int, std::unique_ptr<BenchDb>> stores;
  auto& db = stores[count];
  if (!db) {
    db = std::make_unique<BenchDb>();
    generate_items(db->path(), count, words);
    auto& store = db->store();  // opening migrates: story postings are filled for the window
    // The site's baseline, so the timed crawls are ordinary ones that match and queue alerts.
    for (int s = 0; s < k_sites; ++s) {
      CrawlOutcome base;
      base.site = site_name(s);
      base.url = "https://" + base.site + ".example/news/";
      base.at = k_now;
      base.http_status = 200;
      base.items = std::vector<Item>{};
      Item item;
      item.url = "https://" + base.site + ".example/base";
      item.title = "baseline";
      base.items->push_back(item);
      store.apply_crawl(base, {}).value();
    }
  }
  return *db;
}

void BM_ApplyCrawl_20NewItems_Stored(benchmark::State& state) {
  static const Vocabulary words(20000);
  const int count = static_cast<int>(state.range(0));
  BenchDb& db = scaled_store(count, words);
  static std::mt19937_64 rng(7);
  static int serial = 0;
  static std::int64_t at = k_now;
  auto match = [](const Item& item) {
    std::vector<AlertRequest> out;
    if (item.title.find("missile") != std::string::npos) out.push_back(alert_request("missile"));
    return out;
  };
  for (auto _ : state) {
    auto page = new_items_page(db.store(), words, rng, at += 60, ++serial);
    const double start = thread_cpu_seconds();
    auto result = db.store().apply_crawl(page, match).value();
    const double elapsed = thread_cpu_seconds() - start;
    if (result.items_new != k_new_items) state.SkipWithError("the page's items were not all new");
    state.SetIterationTime(elapsed);
  }
}
BENCHMARK(BM_ApplyCrawl_20NewItems_Stored)
    ->Arg(10'000)
    ->Arg(1'000'000)
    ->UseManualTime()
    ->Iterations(5)
    ->Repetitions(7)
    ->Unit(benchmark::kMillisecond);

// --- the first round at scale (issue 10): every stored item inside the story window ---

/// Words as bench/scale_server.cpp draws them: a third from 64 shared news words, the rest from a long tail
/// of 4,096 made-up names. The tail is what grows the story postings with the window: at 10,000 sites' first
/// round (200,000 items) each name is carried by about a thousand items.
class ScaleWords {
 public:
  ScaleWords() {
    for (std::string_view word : newswatch::bench::k_scale_words) m_common.emplace_back(word);
    for (int n = 0; n < 4096; ++n) {
      std::string word;
      for (int i = 0; i < 3; ++i) word += newswatch::bench::k_scale_syllables[(n >> (4 * i)) & 15];
      m_rare.push_back(word);
    }
  }
  template <class Rng>
  std::string sentence(Rng& rng, int count) const {
    std::string out;
    for (int i = 0; i < count; ++i) {
      const std::uint64_t r = rng();
      out += i ? " " : "";
      out += r % 3 == 0 ? m_common[(r >> 8) % m_common.size()] : m_rare[(r >> 8) % m_rare.size()];
    }
    return out;
  }

 private:
  std::vector<std::string> m_common;
  std::vector<std::string> m_rare;
};

/// `count` items of 20 per site (ids 1..count), all first seen in the hour before k_now, written at
/// k_generated_schema as generate_items does; opening the store indexes them all (the window holds them).
void generate_first_round(const std::string& path, int count, const ScaleWords& words) {
  sqlite::Database db(path);
  db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF");
  sqlite::migrate(db, k_generated_schema);
  sqlite::Transaction tx(db);
  std::mt19937_64 rng(11);
  for (int id = 1; id <= count; ++id) {
    const std::string site = "round" + std::to_string((id - 1) / 20);
    if ((id - 1) % 20 == 0) db.query("INSERT INTO sites(name) VALUES (?1)").bind(1, site).run();
    const std::int64_t first_seen = k_now - 3600 + 3600LL * id / count;
    const std::string title = words.sentence(rng, 6 + static_cast<int>(rng() % 5));
    const std::string summary = words.sentence(rng, 24);
    const std::string story = "s" + std::to_string(id);
    db.query("INSERT INTO stories(id, created_at) VALUES (?1, ?2)").bind(1, story).bind(2, first_seen).run();
    auto q = db.query(
        "INSERT INTO items(id, url, site, title, summary, first_seen, last_seen, story_id, tokens) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7, ?8)");
    q.bind(1, id).bind(2, "https://" + site + ".example/a/" + std::to_string(id)).bind(3, site);
    q.bind(4, title).bind(5, summary).bind(6, first_seen).bind(7, story);
    q.bind(8, stories::join(stories::tokens(title + " " + summary))).run();
  }
  tx.commit();
}

/// The store thread's CPU time per new item of a first-round crawl (20 new items of a new site, the scale
/// benchmark's words) against a window of N items (the first round of N / 20 sites). Flat is the target.
void BM_FirstRound_NewItem_Window(benchmark::State& state) {
  static const ScaleWords words;
  static std::map<int, std::unique_ptr<BenchDb>> stores;
  const int count = static_cast<int>(state.range(0));
  auto& db = stores[count];
  if (!db) {
    db = std::make_unique<BenchDb>();
    generate_first_round(db->path(), count, words);
    db->store();  // migrates: fill_index indexes the whole window
  }
  static std::mt19937_64 rng(5);
  static int serial = 0;
  for (auto _ : state) {
    CrawlOutcome page;
    page.site = "probe" + std::to_string(++serial);
    page.url = "https://" + page.site + ".example/news/";
    page.at = k_now;
    page.http_status = 200;
    page.health = "ok";
    page.items.emplace();
    for (int i = 0; i < k_new_items; ++i) {
      Item item;
      item.url = "https://" + page.site + ".example/" + std::to_string(i);
      item.title = words.sentence(rng, 6 + static_cast<int>(rng() % 5));
      item.summary = words.sentence(rng, 24);
      page.items->push_back(std::move(item));
    }
    const double start = thread_cpu_seconds();
    auto result = db->store().apply_crawl(page, {}).value();
    state.SetIterationTime((thread_cpu_seconds() - start) / k_new_items);
    if (result.items_new != k_new_items) state.SkipWithError("the page's items were not all new");
  }
}
BENCHMARK(BM_FirstRound_NewItem_Window)
    ->Arg(1'000)
    ->Arg(10'000)
    ->Arg(100'000)
    ->UseManualTime()
    ->Iterations(10)
    ->Repetitions(8)
    ->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace newswatch

BENCHMARK_MAIN();
