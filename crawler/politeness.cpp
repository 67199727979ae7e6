#include "crawler/politeness.h"

#include <algorithm>
#include <exception>

#include <spdlog/spdlog.h>
#include <boost/asio/post.hpp>

#include "crawler/backoff.h"

namespace newswatch {

HostGate::HostGate(Millis per_host_delay, int concurrency)
    : m_per_host_delay(std::max(per_host_delay, Millis(0))), m_concurrency(std::max(concurrency, 1)) {}

std::uint64_t HostGate::enqueue(const std::string& host) {
  const std::uint64_t ticket = m_next_ticket++;
  m_queue.push_back(Grant{ticket, host});
  m_hosts.try_emplace(host);
  return ticket;
}

bool HostGate::cancel(std::uint64_t ticket) {
  auto it = std::find_if(m_queue.begin(), m_queue.end(), [&](const Grant& g) { return g.ticket == ticket; });
  if (it == m_queue.end()) return false;
  m_queue.erase(it);
  return true;
}

std::vector<HostGate::Grant> HostGate::take_ready(SteadyTime now) {
  std::vector<Grant> ready;
  // One pass in arrival order; a blocked waiter is skipped, not waited on, so other hosts proceed.
  for (auto it = m_queue.begin(); it != m_queue.end() && m_in_flight < m_concurrency;) {
    Host& host = m_hosts[it->host];
    if (host.busy || now < host.next_slot) {
      ++it;
      continue;
    }
    host.busy = true;
    // The gap counts from the start of a request, so a slow answer does not slow the crawl further.
    host.next_slot = now + gap(host);
    ++m_in_flight;
    ready.push_back(std::move(*it));
    it = m_queue.erase(it);
  }
  return ready;
}

std::optional<SteadyTime> HostGate::next_wakeup() const {
  std::optional<SteadyTime> earliest;
  if (m_in_flight >= m_concurrency) return earliest;  // release() will wake the queue, not time
  for (const Grant& g : m_queue) {
    const Host& host = m_hosts.at(g.host);
    if (host.busy) continue;  // release() will wake it
    if (!earliest || host.next_slot < *earliest) earliest = host.next_slot;
  }
  return earliest;
}

void HostGate::release(const std::string& host, SteadyTime now, std::optional<std::chrono::seconds> retry_after) {
  auto it = m_hosts.find(host);
  if (it == m_hosts.end() || !it->second.busy) return;  // an unmatched release must not corrupt the count
  it->second.busy = false;
  --m_in_flight;
  if (retry_after) {
    const auto wait = std::clamp(*retry_after, std::chrono::seconds(0), k_retry_after_ceiling);
    it->second.next_slot = std::max(it->second.next_slot, now + wait);
  }
  // Forget idle hosts whose slot has passed: their state equals a fresh host's, and the map stays small.
  const bool queued = std::any_of(m_queue.begin(), m_queue.end(), [&](const Grant& g) { return g.host == host; });
  if (!queued && it->second.own_delay == Millis(0) && it->second.next_slot <= now) m_hosts.erase(it);
}

void HostGate::set_host_delay(const std::string& host, Millis delay) {
  Host& h = m_hosts[host];
  h.own_delay = std::max(delay, Millis(0));
}

SteadyTime HostGate::next_slot(const std::string& host) const {
  auto it = m_hosts.find(host);
  return it == m_hosts.end() ? SteadyTime{} : it->second.next_slot;
}

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
