// PageSlots, the cap on page bodies fetched but not yet parsed: never more slots out than the cap, waiters
// served in order, a slot given back from a parse thread wakes the next fetch, and stop() forgets waiters.
#include "crawler/page_slots.h"

#include <memory>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <boost/asio/io_context.hpp>

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

/// Fetches asking for slots; each granted slot is kept (in grant order) until the test releases it.
struct Fetches {
  explicit Fetches(PageSlots& slots) : m_slots(slots) {}
  void ask(int id) {
    m_slots.acquire([this, id](PageSlots::Slot slot) {
      granted.push_back(id);
      held.push_back(std::move(slot));
    });
  }
  PageSlots& m_slots;
  std::vector<int> granted;
  std::vector<PageSlots::Slot> held;
};

TEST(PageSlots, GrantsNoMoreThanTheCap_TheRestWaitAndAreServedInOrder) {
  boost::asio::io_context io;
  PageSlots slots(io, 2);
  Fetches fetches(slots);
  for (int id = 0; id < 5; ++id) fetches.ask(id);
  io.poll();
  EXPECT_EQ(fetches.granted, (std::vector<int>{0, 1}));
  EXPECT_EQ(slots.in_use(), 2u);
  EXPECT_EQ(slots.waiting(), 3u);

  fetches.held[1].reset();  // the second page was parsed
  io.restart();
  io.poll();
  EXPECT_EQ(fetches.granted, (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(slots.in_use(), 2u);

  fetches.held.clear();  // every page so far parsed: the last two waiters get their turn
  io.restart();
  io.poll();
  EXPECT_EQ(fetches.granted, (std::vector<int>{0, 1, 2, 3, 4}));
  fetches.held.clear();
  EXPECT_EQ(slots.in_use(), 0u);
  EXPECT_EQ(slots.waiting(), 0u);
  EXPECT_EQ(slots.peak(), 2u);
}

TEST(PageSlots, ASlotGivenBackOnAParseThread_WakesTheNextFetchOnTheLoop) {
  boost::asio::io_context io;
  PageSlots slots(io, 1);
  Fetches fetches(slots);
  fetches.ask(0);
  fetches.ask(1);
  io.poll();
  ASSERT_EQ(fetches.granted, (std::vector<int>{0}));
  std::thread parse([slot = std::move(fetches.held[0])]() mutable { slot.reset(); });
  parse.join();
  io.restart();
  io.run_one();  // the handover was posted to the loop: the waiter runs there, not on the parse thread
  EXPECT_EQ(fetches.granted, (std::vector<int>{0, 1}));
  EXPECT_EQ(slots.in_use(), 1u);
}

TEST(PageSlots, Stop_ForgetsWaiters_AndSlotsStillHeldReleaseIntoNothing) {
  boost::asio::io_context io;
  PageSlots slots(io, 1);
  Fetches fetches(slots);
  fetches.ask(0);
  fetches.ask(1);
  io.poll();
  slots.stop();
  fetches.held.clear();
  fetches.ask(2);
  io.restart();
  io.poll();
  EXPECT_EQ(fetches.granted, (std::vector<int>{0})) << "no slot is granted once stopped";
  EXPECT_EQ(slots.in_use(), 0u);
  EXPECT_EQ(slots.waiting(), 0u);
}

TEST(PageSlots, AGrantNeverRun_StillGivesItsSlotBack) {
  auto io = std::make_unique<boost::asio::io_context>();
  PageSlots slots(*io, 1);
  Fetches fetches(slots);
  fetches.ask(0);  // granted: the handler holding the slot is queued on the loop
  EXPECT_EQ(slots.in_use(), 1u);
  slots.stop();
  io.reset();  // shutdown: the loop is destroyed with the grant unrun, and the slot inside goes back
  EXPECT_EQ(slots.in_use(), 0u);
  EXPECT_TRUE(fetches.granted.empty());
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
