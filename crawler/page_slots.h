#pragma once
// Backpressure between fetching and parsing. A page's body costs memory from
// the moment its fetch starts until its parse is done; without a cap every
// site due at once would hold its body while one parse pool works through
// them. PageSlots is a counting semaphore for those bodies: a fetch waits
// (asynchronously, on the loop) for a slot before it starts, and the Slot
// token gives it back when destroyed, on whatever thread and whatever path
// ends the page (parsed, failed, redirected, cancelled, dropped at shutdown).
//
// Waiters are served first come, first served; a freed slot is handed to the
// oldest waiter directly, so the count never exceeds the capacity. Thread-safe:
// slots are released on parse threads; waiters always run on the loop.

#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>

#include <boost/asio/io_context.hpp>

namespace newswatch {

class PageSlots {
  struct State;

 public:
  /// One body allowed in memory; releases its slot when destroyed (or reset). Move-only.
  class Slot {
   public:
    Slot() = default;
    Slot(Slot&& other) noexcept : m_state(std::move(other.m_state)) {}
    Slot& operator=(Slot&& other) noexcept;
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;
    ~Slot() { reset(); }
    /// Gives the slot back now (no-op when empty).
    void reset() noexcept;
    explicit operator bool() const noexcept { return m_state != nullptr; }

   private:
    friend class PageSlots;
    friend struct State;
    explicit Slot(std::shared_ptr<State> state) : m_state(std::move(state)) {}
    std::shared_ptr<State> m_state;
  };

  /// `capacity` below 1 is treated as 1.
  PageSlots(boost::asio::io_context& io, std::size_t capacity);
  ~PageSlots();  ///< stop(): slots still held elsewhere release into nothing
  PageSlots(const PageSlots&) = delete;
  PageSlots& operator=(const PageSlots&) = delete;

  /// Calls `ready` with a slot on the loop: posted at once when one is free, else when one is released.
  void acquire(std::function<void(Slot)> ready);
  /// Drops every waiter (their callbacks never run) and grants no more slots.
  void stop();

  std::size_t capacity() const noexcept;
  /// Slots held right now.
  std::size_t in_use() const;
  /// The most slots ever held at once.
  std::size_t peak() const;
  /// Fetches waiting for a slot right now.
  std::size_t waiting() const;

 private:
  std::shared_ptr<State> m_state;
};

}  // namespace newswatch
