// HostGate against a reference model: the gate's indexed structures must make exactly the decisions of the
// plain rules, written here as a walk over one FIFO (the gate's first form), over long seeded random runs of
// enqueue, cancel, take_ready, release (with and without Retry-After), Crawl-delays and time passing.
#include "crawler/host_gate.h"

#include <algorithm>
#include <deque>
#include <map>
#include <ostream>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "crawler/backoff.h"

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

using std::chrono::milliseconds;
using std::chrono::seconds;

/// The rules of crawler/politeness.h, the obvious way: O(n) per operation, easy to check by reading.
class ReferenceGate {
 public:
  ReferenceGate(Millis per_host_delay, int concurrency) : m_delay(per_host_delay), m_concurrency(concurrency) {}

  std::uint64_t enqueue(const std::string& host) {
    m_queue.push_back({m_next_ticket, host});
    m_hosts.try_emplace(host);
    return m_next_ticket++;
  }

  bool cancel(std::uint64_t ticket) {
    auto it = std::find_if(m_queue.begin(), m_queue.end(), [&](const auto& w) { return w.first == ticket; });
    if (it == m_queue.end()) return false;
    m_queue.erase(it);
    return true;
  }

  std::vector<HostGate::Grant> take_ready(SteadyTime now) {
    std::vector<HostGate::Grant> ready;
    for (auto it = m_queue.begin(); it != m_queue.end() && m_in_flight < m_concurrency;) {
      Host& host = m_hosts[it->second];
      if (host.busy || now < host.next_slot) {
        ++it;
        continue;
      }
      host.busy = true;
      host.next_slot = now + std::max(m_delay, host.own_delay);
      ++m_in_flight;
      ready.push_back({it->first, it->second});
      it = m_queue.erase(it);
    }
    return ready;
  }

  std::optional<SteadyTime> next_wakeup() const {
    if (m_in_flight >= m_concurrency) return std::nullopt;
    std::optional<SteadyTime> earliest;
    for (const auto& [ticket, name] : m_queue) {
      const Host& host = m_hosts.at(name);
      if (!host.busy && (!earliest || host.next_slot < *earliest)) earliest = host.next_slot;
    }
    return earliest;
  }

  void release(const std::string& name, SteadyTime now, std::optional<seconds> retry_after) {
    auto it = m_hosts.find(name);
    if (it == m_hosts.end() || !it->second.busy) return;
    it->second.busy = false;
    --m_in_flight;
    if (retry_after)
      it->second.next_slot =
          std::max(it->second.next_slot, now + std::clamp(*retry_after, seconds(0), k_retry_after_ceiling));
    const bool queued = std::any_of(m_queue.begin(), m_queue.end(), [&](const auto& w) { return w.second == name; });
    if (!queued && it->second.own_delay == Millis(0) && it->second.next_slot <= now) m_hosts.erase(it);
  }

  void set_host_delay(const std::string& name, Millis delay) { m_hosts[name].own_delay = std::max(delay, Millis(0)); }

  SteadyTime next_slot(const std::string& name) const {
    auto it = m_hosts.find(name);
    return it == m_hosts.end() ? SteadyTime{} : it->second.next_slot;
  }

  int in_flight() const { return m_in_flight; }
  std::size_t waiting() const { return m_queue.size(); }

 private:
  struct Host {
    bool busy = false;
    SteadyTime next_slot{};
    Millis own_delay{0};
  };
  Millis m_delay;
  int m_concurrency;
  int m_in_flight = 0;
  std::uint64_t m_next_ticket = 1;
  std::deque<std::pair<std::uint64_t, std::string>> m_queue;
  std::map<std::string, Host> m_hosts;
};

struct RunShape {
  const char* what;
  Millis per_host_delay;
  int concurrency;
  int hosts;  ///< the pool requests are drawn from: few hosts mean long per-host queues
  std::uint32_t seed;
};

/// What a run did, so a run that never exercised the interesting paths fails instead of passing vacuously.
struct RunCounts {
  int grants = 0, cancelled = 0, retry_afters = 0, timed_wakeups = 0;
};

std::string describe(const std::vector<HostGate::Grant>& grants) {
  std::string out;
  for (const auto& g : grants) out += std::to_string(g.ticket) + "@" + g.host + " ";
  return out;
}

// What a run carries from step to step.
struct RunState {
  SteadyTime now{std::chrono::hours(1000)};
  std::vector<std::uint64_t> tickets;  ///< every ticket issued
  std::vector<std::string> started;    ///< hosts granted and not yet released (by this test's count)
  RunCounts counts;
};

// One random step on both gates; every answer must agree.
void step(std::mt19937& rng, const RunShape& shape, HostGate& gate, ReferenceGate& model, RunState& run) {
  const auto host = [&] { return "h" + std::to_string(std::uniform_int_distribution<int>(0, shape.hosts - 1)(rng)); };
  SteadyTime& now = run.now;
  RunCounts& counts = run.counts;
  std::vector<std::uint64_t>& tickets = run.tickets;
  switch (std::uniform_int_distribution<int>(0, 9)(rng)) {
    case 0:
    case 1:
    case 2: {
      if (model.waiting() >= 300) break;  // keeps the reference's walks short and the run quick
      const std::string name = host();
      const auto ticket = gate.enqueue(name);
      ASSERT_EQ(ticket, model.enqueue(name));
      tickets.push_back(ticket);
      break;
    }
    case 3: {  // a live ticket, one already granted or cancelled, or one never issued
      if (tickets.empty()) break;
      const auto ticket = tickets[std::uniform_int_distribution<std::size_t>(0, tickets.size() - 1)(rng)] +
                          (std::uniform_int_distribution<int>(0, 9)(rng) == 0 ? 1'000'000 : 0);
      const bool dropped = gate.cancel(ticket);
      ASSERT_EQ(dropped, model.cancel(ticket)) << "ticket " << ticket;
      counts.cancelled += dropped;
      break;
    }
    case 4:
    case 5: {  // mostly a host in flight; idle or unknown hosts too: they must change nothing
      std::string name = host();
      if (!run.started.empty() && std::uniform_int_distribution<int>(0, 4)(rng) != 0) {
        const auto pick = std::uniform_int_distribution<std::size_t>(0, run.started.size() - 1)(rng);
        name = run.started[pick];
        run.started.erase(run.started.begin() + static_cast<std::ptrdiff_t>(pick));
      }
      std::optional<seconds> retry_after;
      if (std::uniform_int_distribution<int>(0, 5)(rng) == 0) {
        retry_after = seconds(std::uniform_int_distribution<int>(-5, 30)(rng));
        ++counts.retry_afters;
      }
      gate.release(name, now, retry_after);
      model.release(name, now, retry_after);
      break;
    }
    case 6: {
      const std::string name = host();
      const Millis delay(std::uniform_int_distribution<int>(-1000, 12'000)(rng));
      gate.set_host_delay(name, delay);
      model.set_host_delay(name, delay);
      break;
    }
    case 7: {  // time passes: not at all, a little, past a gap, or to the next wake-up exactly
      const int how = std::uniform_int_distribution<int>(0, 3)(rng);
      const auto wake = model.next_wakeup();
      if (how == 3 && wake && *wake > now) {
        now = *wake;
        ++counts.timed_wakeups;
      } else if (how == 1) {
        now += milliseconds(std::uniform_int_distribution<int>(1, 999)(rng));
      } else if (how == 2) {
        now += milliseconds(std::uniform_int_distribution<int>(1000, 15'000)(rng));
      }
      break;
    }
    default: {
      const auto granted = gate.take_ready(now);
      const auto expected = model.take_ready(now);
      ASSERT_EQ(describe(granted), describe(expected));
      counts.grants += static_cast<int>(granted.size());
      for (const auto& grant : granted) run.started.push_back(grant.host);
      break;
    }
  }
  ASSERT_EQ(gate.next_wakeup(), model.next_wakeup());
  ASSERT_EQ(gate.in_flight(), model.in_flight());
  ASSERT_EQ(gate.waiting(), model.waiting());
  for (int h = 0; h < shape.hosts; ++h) {
    const std::string name = "h" + std::to_string(h);
    ASSERT_EQ(gate.next_slot(name), model.next_slot(name)) << name;
  }
}

void PrintTo(const RunShape& shape, std::ostream* out) {
  *out << shape.what;
}

class HostGateModel : public ::testing::TestWithParam<RunShape> {};

TEST_P(HostGateModel, LongRandomRun_GrantsTheSameWaitersInTheSameOrderAsThePlainRules) {
  const RunShape& shape = GetParam();
  std::mt19937 rng(shape.seed);
  HostGate gate(shape.per_host_delay, shape.concurrency);
  ReferenceGate model(shape.per_host_delay, std::max(shape.concurrency, 1));
  RunState run;
  for (int i = 0; i < 20'000; ++i) {
    ASSERT_NO_FATAL_FAILURE(step(rng, shape, gate, model, run)) << "step " << i;
  }
  const RunCounts& counts = run.counts;
  EXPECT_GT(counts.grants, 500);
  EXPECT_GT(counts.cancelled, 100);
  EXPECT_GT(counts.retry_afters, 100);
  // With many hosts one is nearly always ready, so time seldom has to run to a wake-up; with few it must.
  if (shape.per_host_delay > Millis(0) && shape.hosts < 10) {
    EXPECT_GT(counts.timed_wakeups, 50);
  }
}

INSTANTIATE_TEST_SUITE_P(HostGate, HostGateModel,
                         ::testing::Values(RunShape{"one_host_gap", seconds(5), 4, 1, 1},
                                           RunShape{"few_hosts_gap", seconds(2), 3, 5, 2},
                                           RunShape{"few_hosts_no_gap", Millis(0), 2, 4, 3},
                                           RunShape{"many_hosts_serial", seconds(1), 1, 40, 4},
                                           RunShape{"many_hosts_wide", seconds(3), 16, 60, 5},
                                           RunShape{"concurrency_below_one", seconds(1), 0, 6, 6}),
                         [](const auto& info) { return std::string(info.param.what); });

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
