#include "crawler/host_gate.h"

#include <algorithm>
#include <limits>

#include "crawler/backoff.h"

namespace newswatch {

HostGate::HostGate(Millis per_host_delay, int concurrency)
    : m_per_host_delay(std::max(per_host_delay, Millis(0))), m_concurrency(std::max(concurrency, 1)) {}

HostGate::HostId HostGate::intern(const std::string& name) {
  if (auto found = m_ids.find(name); found != m_ids.end()) return found->second;
  HostId id;
  if (m_free_ids.empty()) {
    id = static_cast<HostId>(m_hosts.size());
    m_hosts.emplace_back();
  } else {
    id = m_free_ids.back();
    m_free_ids.pop_back();
  }
  m_hosts[id].name = name;
  m_ids.emplace(name, id);
  return id;
}

void HostGate::file(HostId id) {
  const Host& host = m_hosts[id];
  if (host.busy || host.waiters.empty()) return;  // release() will file it, or enqueue() when one comes
  m_by_slot.emplace(host.next_slot, id);
  if (host.next_slot <= m_now) m_ready.emplace(*host.waiters.begin(), id);
}

void HostGate::unfile(HostId id) {
  const Host& host = m_hosts[id];
  if (host.busy || host.waiters.empty()) return;
  m_by_slot.erase({host.next_slot, id});
  m_ready.erase({*host.waiters.begin(), id});
}

void HostGate::promote_until(SteadyTime now) {
  if (now <= m_now) return;
  // Hosts up to m_now are in m_ready already; only those whose slot came since then move.
  for (auto it = m_by_slot.upper_bound({m_now, std::numeric_limits<HostId>::max()});
       it != m_by_slot.end() && it->first <= now; ++it) {
    m_ready.emplace(*m_hosts[it->second].waiters.begin(), it->second);
  }
  m_now = now;
}

std::uint64_t HostGate::enqueue(const std::string& name) {
  const HostId id = intern(name);
  const std::uint64_t ticket = m_next_ticket++;
  Host& host = m_hosts[id];
  // A later ticket never becomes the host's first waiter unless it is the only one.
  host.waiters.insert(host.waiters.end(), ticket);
  if (host.waiters.size() == 1) file(id);
  m_tickets.emplace(ticket, id);
  return ticket;
}

bool HostGate::cancel(std::uint64_t ticket) {
  auto found = m_tickets.find(ticket);
  if (found == m_tickets.end()) return false;
  const HostId id = found->second;
  m_tickets.erase(found);
  Host& host = m_hosts[id];
  const bool first = *host.waiters.begin() == ticket;
  if (first) unfile(id);  // filed under its first waiter, which is going
  host.waiters.erase(ticket);
  if (first) file(id);
  return true;
}

std::vector<HostGate::Grant> HostGate::take_ready(SteadyTime now) {
  promote_until(now);
  std::vector<Grant> ready;
  while (m_in_flight < m_concurrency && !m_ready.empty()) {
    const auto [ticket, id] = *m_ready.begin();
    unfile(id);
    Host& host = m_hosts[id];
    host.waiters.erase(host.waiters.begin());
    m_tickets.erase(ticket);
    host.busy = true;
    // The gap counts from the start of a request, so a slow answer does not slow the crawl further.
    host.next_slot = now + gap(host);
    ++m_in_flight;
    ready.push_back(Grant{ticket, host.name});
  }
  return ready;
}

std::optional<SteadyTime> HostGate::next_wakeup() const {
  // At the limit release() will wake the queue, not time; a busy host is not filed: release() wakes it.
  if (m_in_flight >= m_concurrency || m_by_slot.empty()) return std::nullopt;
  return m_by_slot.begin()->first;
}

void HostGate::release(const std::string& name, SteadyTime now, std::optional<std::chrono::seconds> retry_after) {
  auto found = m_ids.find(name);
  if (found == m_ids.end() || !m_hosts[found->second].busy) return;  // an unmatched release must not corrupt the count
  const HostId id = found->second;
  Host& host = m_hosts[id];
  host.busy = false;
  --m_in_flight;
  if (retry_after) {
    const auto wait = std::clamp(*retry_after, std::chrono::seconds(0), k_retry_after_ceiling);
    host.next_slot = std::max(host.next_slot, now + wait);
  }
  // Forget idle hosts whose slot has passed: their state equals a fresh host's, and the table stays small.
  if (host.waiters.empty() && host.own_delay == Millis(0) && host.next_slot <= now) {
    m_ids.erase(found);
    host = Host{};
    m_free_ids.push_back(id);
    return;
  }
  file(id);
}

void HostGate::set_host_delay(const std::string& name, Millis delay) {
  m_hosts[intern(name)].own_delay = std::max(delay, Millis(0));
}

SteadyTime HostGate::next_slot(const std::string& name) const {
  auto found = m_ids.find(name);
  return found == m_ids.end() ? SteadyTime{} : m_hosts[found->second].next_slot;
}

}  // namespace newswatch
