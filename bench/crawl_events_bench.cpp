// The crawl's bookkeeping per event, as the number of sites grows; flat means
// O(log n) or better per event, a walk over the sites grows with N.
//
// Politeness (HostGate) per event as the queue grows: one fetch ends and
// the next starts (release, then the gate's pump: take_ready and next_wakeup,
// as Politeness runs it) and the ended host queues again (enqueue, pump), with
// N waiters queued throughout. Two shapes:
//   one host:       every waiter is for one host (thousands of sites on one
//                   publisher's domain); each pump finds the host busy or free.
//   distinct hosts: one waiter per host, concurrency 1, so the queue rotates.
//
// Scheduler: one site made due now (`crawl_now`, the same path as a due time),
// its timer fired on the io_context, and done() re-arming it an interval
// later, with N sites waiting on their timers.
//
// Config::find_site: the lookup the service makes for every due site.
//   build-rel/bench/crawl_events_bench --benchmark_repetitions=3 --benchmark_report_aggregates_only=true

#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "config/config.h"
#include "crawler/politeness.h"
#include "crawler/scheduler.h"

namespace {

using newswatch::HostGate;
using newswatch::SteadyTime;

// What Politeness::pump() asks of the gate after every acquire and release.
std::size_t pump(HostGate& gate, SteadyTime now) {
  std::size_t granted = gate.take_ready(now).size();
  benchmark::DoNotOptimize(gate.next_wakeup());
  return granted;
}

void BM_OneHost(benchmark::State& state) {
  const auto waiters = static_cast<int>(state.range(0));
  const std::string host = "news.example";
  HostGate gate(newswatch::Millis(1000), 16);
  SteadyTime now{std::chrono::hours(1000)};
  for (int i = 0; i <= waiters; ++i) gate.enqueue(host);
  pump(gate, now);  // one in flight, `waiters` queued
  for (auto _ : state) {
    now += std::chrono::seconds(1);  // the host's gap has passed
    gate.release(host, now);
    if (pump(gate, now) != 1) return state.SkipWithError("the next waiter did not start");
    gate.enqueue(host);
    benchmark::DoNotOptimize(pump(gate, now));
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_DistinctHosts(benchmark::State& state) {
  const auto waiters = static_cast<std::size_t>(state.range(0));
  std::vector<std::string> hosts;
  for (std::size_t i = 0; i <= waiters; ++i) hosts.push_back("site" + std::to_string(i) + ".example");
  HostGate gate(newswatch::Millis(1000), 1);
  SteadyTime now{std::chrono::hours(1000)};
  for (const std::string& host : hosts) gate.enqueue(host);
  pump(gate, now);
  std::size_t running = 0;  // the hosts are served in arrival order, round and round
  for (auto _ : state) {
    now += std::chrono::seconds(1);  // the next host's gap has passed too
    gate.release(hosts[running], now);
    if (pump(gate, now) != 1) return state.SkipWithError("the next waiter did not start");
    gate.enqueue(hosts[running]);
    benchmark::DoNotOptimize(pump(gate, now));
    running = (running + 1) % hosts.size();
  }
  state.SetItemsProcessed(state.iterations());
}

std::vector<std::string> site_names(std::size_t count) {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < count; ++i) names.push_back("site" + std::to_string(i));
  return names;
}

void BM_SchedulerDueAndDone(benchmark::State& state) {
  const std::vector<std::string> names = site_names(static_cast<std::size_t>(state.range(0)));
  const newswatch::Millis hour = std::chrono::hours(1);
  boost::asio::io_context io;
  std::size_t fired = 0;
  newswatch::Scheduler scheduler(
      io, hour, [&](const std::string&) { ++fired; }, [] { return 0.5; });
  const auto in_an_hour = std::chrono::system_clock::now() + hour;
  for (const std::string& name : names) scheduler.add(name, hour, newswatch::Millis(0), in_an_hour);
  std::size_t next = 0;
  for (auto _ : state) {
    const std::string& name = names[next];
    const std::size_t before = fired;
    scheduler.crawl_now(name);
    while (fired == before) io.run_one();  // the cancelled wait's handler, then the due one
    scheduler.done(name, newswatch::CrawlVerdict{});
    next = (next + 7919) % names.size();  // a stride, so consecutive sites are not neighbours in any index
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_FindSite(benchmark::State& state) {
  const std::vector<std::string> names = site_names(static_cast<std::size_t>(state.range(0)));
  std::string text;
  for (const std::string& name : names)
    text += "[[site]]\nname = \"" + name + "\"\nurl = \"https://" + name + ".example/\"\n";
  const newswatch::Config config = newswatch::parse_config(text, "bench.toml");
  std::size_t next = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(config.find_site(names[next]));
    next = (next + 7919) % names.size();
  }
  state.SetItemsProcessed(state.iterations());
}

BENCHMARK(BM_OneHost)->Arg(100)->Arg(1000)->Arg(10000)->Arg(100000);
BENCHMARK(BM_DistinctHosts)->Arg(100)->Arg(1000)->Arg(10000)->Arg(100000);
BENCHMARK(BM_SchedulerDueAndDone)->Arg(100)->Arg(1000)->Arg(10000)->Arg(100000);
BENCHMARK(BM_FindSite)->Arg(100)->Arg(1000)->Arg(10000)->Arg(100000);

}  // namespace

BENCHMARK_MAIN();
