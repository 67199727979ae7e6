// Politeness: the pure HostGate driven with plain time values, and the io_context wrapper end to end.
#include "crawler/politeness.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <boost/asio/io_context.hpp>

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

using std::chrono::milliseconds;
using std::chrono::seconds;

std::vector<std::string> hosts_of(const std::vector<HostGate::Grant>& grants) {
  std::vector<std::string> out;
  for (const auto& g : grants) out.push_back(g.host);
  return out;
}

TEST(HostGate, TwoRequestsToOneHost_AreSpacedByTheDelay) {
  FakeClock clock;
  HostGate gate(seconds(5), 8);
  gate.enqueue("a.example");
  gate.enqueue("a.example");
  EXPECT_EQ(hosts_of(gate.take_ready(clock.now())), std::vector<std::string>{"a.example"});
  gate.release("a.example", clock.now() + seconds(1));
  clock.advance(seconds(4));  // 4s after the first start: still too early
  EXPECT_TRUE(gate.take_ready(clock.now()).empty());
  ASSERT_TRUE(gate.next_wakeup());
  EXPECT_EQ(*gate.next_wakeup(), clock.now() + seconds(1));
  clock.advance(seconds(1));
  EXPECT_EQ(hosts_of(gate.take_ready(clock.now())), std::vector<std::string>{"a.example"});
}

TEST(HostGate, SameHost_NeverTwoInFlight_EvenWhenTheDelayHasPassed) {
  FakeClock clock;
  HostGate gate(Millis(0), 8);
  gate.enqueue("a");
  gate.enqueue("a");
  EXPECT_EQ(gate.take_ready(clock.now()).size(), 1u);
  clock.advance(seconds(60));
  EXPECT_TRUE(gate.take_ready(clock.now()).empty());
  EXPECT_FALSE(gate.next_wakeup()) << "a waiter blocked on a fetch in flight waits for release(), not time";
  gate.release("a", clock.now());
  EXPECT_EQ(gate.take_ready(clock.now()).size(), 1u);
}

TEST(HostGate, DifferentHosts_RunInParallel_UpToConcurrency) {
  FakeClock clock;
  HostGate gate(seconds(5), 2);
  for (const char* h : {"a", "b", "c"}) gate.enqueue(h);
  EXPECT_EQ(hosts_of(gate.take_ready(clock.now())), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(gate.in_flight(), 2);
  EXPECT_FALSE(gate.next_wakeup()) << "at the concurrency limit only release() can admit more";
  gate.release("b", clock.now());
  EXPECT_EQ(hosts_of(gate.take_ready(clock.now())), std::vector<std::string>{"c"});
}

TEST(HostGate, BlockedHost_DoesNotHoldUpOtherHosts_AndOrderIsFifo) {
  FakeClock clock;
  HostGate gate(seconds(5), 8);
  gate.enqueue("a");
  EXPECT_EQ(gate.take_ready(clock.now()).size(), 1u);
  gate.release("a", clock.now());
  gate.enqueue("a");  // must wait 5s
  gate.enqueue("b");
  gate.enqueue("c");
  EXPECT_EQ(hosts_of(gate.take_ready(clock.now())), (std::vector<std::string>{"b", "c"}));
  clock.advance(seconds(5));
  EXPECT_EQ(hosts_of(gate.take_ready(clock.now())), std::vector<std::string>{"a"});
}

TEST(HostGate, RetryAfter_PushesThatHostsNextSlot_Only) {
  FakeClock clock;
  HostGate gate(seconds(5), 8);
  gate.enqueue("a");
  gate.enqueue("b");
  EXPECT_EQ(gate.take_ready(clock.now()).size(), 2u);
  gate.release("a", clock.now(), seconds(120));
  gate.release("b", clock.now());
  gate.enqueue("a");
  gate.enqueue("b");
  clock.advance(seconds(5));
  EXPECT_EQ(hosts_of(gate.take_ready(clock.now())), std::vector<std::string>{"b"});
  clock.advance(seconds(110));
  EXPECT_TRUE(gate.take_ready(clock.now()).empty());
  clock.advance(seconds(5));
  EXPECT_EQ(hosts_of(gate.take_ready(clock.now())), std::vector<std::string>{"a"});
}

TEST(HostGate, CrawlDelay_LongerThanDefault_Wins) {
  FakeClock clock;
  HostGate gate(seconds(5), 8);
  gate.set_host_delay("slow", seconds(30));
  gate.enqueue("slow");
  EXPECT_EQ(gate.take_ready(clock.now()).size(), 1u);
  EXPECT_EQ(gate.next_slot("slow"), clock.now() + seconds(30));
  gate.set_host_delay("fast", seconds(1));  // shorter than per_host_delay: the default stands
  gate.enqueue("fast");
  EXPECT_EQ(gate.take_ready(clock.now()).size(), 1u);
  EXPECT_EQ(gate.next_slot("fast"), clock.now() + seconds(5));
}

TEST(HostGate, CancelledTicket_IsNeverGranted_AndUnmatchedReleaseIsHarmless) {
  FakeClock clock;
  HostGate gate(seconds(5), 1);
  const auto t = gate.enqueue("a");
  EXPECT_TRUE(gate.cancel(t));
  EXPECT_FALSE(gate.cancel(t));
  gate.release("zzz", clock.now());
  EXPECT_EQ(gate.in_flight(), 0);
  EXPECT_TRUE(gate.take_ready(clock.now()).empty());
}

TEST(Politeness, OnTheLoop_SpacesOneHost_AndRunsOthersInParallel) {
  boost::asio::io_context io;
  Politeness politeness(io, milliseconds(150), 4);
  std::vector<std::pair<std::string, std::chrono::steady_clock::time_point>> starts;
  auto fetch = [&](const std::string& host) {
    politeness.acquire(host, [&, host] {
      starts.emplace_back(host, std::chrono::steady_clock::now());
      politeness.release(host);  // an instant "fetch"
    });
  };
  // The gap counts from the grant, made inside acquire(); the start callback runs later (posted), by how much
  // depends on the machine's load. So the first grant's time is bounded from below here, not by its callback.
  const auto before_first_grant = std::chrono::steady_clock::now();
  fetch("a");
  fetch("a");
  fetch("b");
  io.run_for(seconds(5));
  ASSERT_EQ(starts.size(), 3u);
  EXPECT_EQ(starts[0].first, "a");
  EXPECT_EQ(starts[1].first, "b");
  EXPECT_EQ(starts[2].first, "a");
  EXPECT_GE(starts[2].second - before_first_grant, milliseconds(150));
  EXPECT_LT(starts[1].second - starts[0].second, milliseconds(100)) << "another host need not wait";
}

TEST(Politeness, RetryAfter_DelaysTheHostsNextFetch) {
  boost::asio::io_context io;
  Politeness politeness(io, milliseconds(10), 4);
  std::vector<std::chrono::steady_clock::time_point> starts;
  politeness.acquire("a", [&] {
    starts.push_back(std::chrono::steady_clock::now());
    politeness.release("a", seconds(1));
    politeness.acquire("a", [&] {
      starts.push_back(std::chrono::steady_clock::now());
      politeness.release("a");
    });
  });
  io.run_for(seconds(5));
  ASSERT_EQ(starts.size(), 2u);
  EXPECT_GE(starts[1] - starts[0], milliseconds(1000));
}

TEST(Politeness, Stop_DropsWaiters) {
  boost::asio::io_context io;
  Politeness politeness(io, seconds(10), 4);
  int ran = 0;
  politeness.acquire("a", [&] { ++ran; });
  politeness.acquire("a", [&] { ++ran; });
  io.run_for(milliseconds(50));
  politeness.stop();
  io.run_for(milliseconds(50));
  EXPECT_EQ(ran, 1);
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
