// The politeness gate's cost per event as the queue grows: one fetch ends and
// the next starts (release, then the gate's pump: take_ready and next_wakeup,
// as Politeness runs it) and the ended host queues again (enqueue, pump), with
// N waiters queued throughout. Two shapes:
//   one host:       every waiter is for one host (thousands of sites on one
//                   publisher's domain); each pump finds the host busy or free.
//   distinct hosts: one waiter per host, concurrency 1, so the queue rotates.
// Flat means O(log n) or better per event; a queue walk grows with N.
//   build-rel/bench/politeness_bench --benchmark_repetitions=3 --benchmark_report_aggregates_only=true

#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "crawler/politeness.h"

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

BENCHMARK(BM_OneHost)->Arg(100)->Arg(1000)->Arg(10000)->Arg(100000);
BENCHMARK(BM_DistinctHosts)->Arg(100)->Arg(1000)->Arg(10000)->Arg(100000);

}  // namespace

BENCHMARK_MAIN();
