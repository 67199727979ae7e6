#include "crawler/politeness.h"

#include <algorithm>
#include <exception>

#include <spdlog/spdlog.h>
#include <boost/asio/post.hpp>

namespace newswatch {

Politeness::Politeness(boost::asio::io_context& io, Millis per_host_delay, int concurrency, const Clock* clock)
    : m_io(io), m_clock(clock ? clock : &m_system_clock), m_gate(per_host_delay, concurrency), m_timer(io) {}

Politeness::~Politeness() {
  stop();
}

std::uint64_t Politeness::acquire(const std::string& host, Start start) {
  const std::uint64_t ticket = m_gate.enqueue(host);
  m_waiting.emplace(ticket, std::move(start));
  pump();
  return ticket;
}

bool Politeness::cancel(std::uint64_t ticket) {
  if (!m_gate.cancel(ticket)) return false;
  m_waiting.erase(ticket);
  pump();
  return true;
}

void Politeness::release(const std::string& host, std::optional<std::chrono::seconds> retry_after) {
  m_gate.release(host, m_clock->now(), retry_after);
  pump();
}

void Politeness::set_host_delay(const std::string& host, Millis delay) {
  m_gate.set_host_delay(host, delay);
  pump();
}

void Politeness::pump() {
  if (m_stopped) return;
  for (HostGate::Grant& grant : m_gate.take_ready(m_clock->now())) {
    auto node = m_waiting.extract(grant.ticket);
    if (node.empty()) continue;
    // Posted, not called: the callback may call release() or acquire(), which re-enter pump().
    boost::asio::post(m_io, [this, alive = std::weak_ptr<int>(m_alive), start = std::move(node.mapped())]() noexcept {
      if (alive.expired() || m_stopped) return;
      try {
        start();
      } catch (const std::exception& e) {
        spdlog::error("politeness: start callback threw what={}", e.what());
      } catch (...) {
        spdlog::error("politeness: start callback threw");
      }
    });
  }
  const std::optional<SteadyTime> wake = m_gate.next_wakeup();
  if (!wake) {
    m_timer.cancel();
    return;
  }
  // expires_after, not expires_at: the gate may run on a FakeClock while the timer runs on the real one.
  m_timer.expires_after(std::max(*wake - m_clock->now(), std::chrono::steady_clock::duration(0)));
  m_timer.async_wait([this, alive = std::weak_ptr<int>(m_alive)](const boost::system::error_code& ec) {
    if (ec || alive.expired()) return;
    pump();
  });
}

void Politeness::stop() noexcept {
  m_stopped = true;
  m_timer.cancel();
  m_waiting.clear();
}

}  // namespace newswatch
