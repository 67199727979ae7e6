#include "crawler/page_slots.h"

#include <algorithm>
#include <utility>

#include <boost/asio/post.hpp>

namespace newswatch {

struct PageSlots::State {
  explicit State(boost::asio::io_context& loop, std::size_t slots)
      : io(loop), capacity(std::max<std::size_t>(slots, 1)) {}

  /// Grants a slot to `ready` on the loop (the slot counted already).
  static void grant(const std::shared_ptr<State>& state, std::function<void(Slot)> ready) {
    // The Slot is made here, not inside the handler: a handler destroyed unrun (the loop stopped) still releases.
    boost::asio::post(state->io, [ready = std::move(ready), slot = Slot(state)]() mutable { ready(std::move(slot)); });
  }

  /// A slot came back: the oldest waiter gets it, or the count drops.
  static void release(const std::shared_ptr<State>& state) {
    std::function<void(Slot)> next;
    {
      std::lock_guard lock(state->mutex);
      if (state->stopped || state->waiters.empty()) {
        --state->in_use;
        return;
      }
      next = std::move(state->waiters.front());
      state->waiters.pop_front();
    }
    grant(state, std::move(next));
  }

  boost::asio::io_context& io;
  const std::size_t capacity;
  mutable std::mutex mutex;
  std::size_t in_use = 0;
  std::size_t peak = 0;
  bool stopped = false;
  std::deque<std::function<void(Slot)>> waiters;
};

PageSlots::Slot& PageSlots::Slot::operator=(Slot&& other) noexcept {
  if (this != &other) {
    reset();
    m_state = std::move(other.m_state);
  }
  return *this;
}

void PageSlots::Slot::reset() noexcept {
  if (auto state = std::move(m_state)) State::release(state);
}

PageSlots::PageSlots(boost::asio::io_context& io, std::size_t capacity)
    : m_state(std::make_shared<State>(io, capacity)) {}

PageSlots::~PageSlots() {
  stop();
}

void PageSlots::acquire(std::function<void(Slot)> ready) {
  {
    std::lock_guard lock(m_state->mutex);
    if (m_state->stopped) return;
    if (m_state->in_use >= m_state->capacity) {
      m_state->waiters.push_back(std::move(ready));
      return;
    }
    ++m_state->in_use;
    m_state->peak = std::max(m_state->peak, m_state->in_use);
  }
  State::grant(m_state, std::move(ready));
}

void PageSlots::stop() {
  std::deque<std::function<void(Slot)>> dropped;  // destroyed outside the lock: they may hold slots of their own
  std::lock_guard lock(m_state->mutex);
  m_state->stopped = true;
  dropped.swap(m_state->waiters);
}

std::size_t PageSlots::capacity() const noexcept {
  return m_state->capacity;
}

std::size_t PageSlots::in_use() const {
  std::lock_guard lock(m_state->mutex);
  return m_state->in_use;
}

std::size_t PageSlots::peak() const {
  std::lock_guard lock(m_state->mutex);
  return m_state->peak;
}

std::size_t PageSlots::waiting() const {
  std::lock_guard lock(m_state->mutex);
  return m_state->waiters.size();
}

}  // namespace newswatch
