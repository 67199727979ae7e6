#include "crawler/parse_tracker.h"

#include <utility>

namespace newswatch {

ParseTracker::Scope ParseTracker::begin(std::string site, std::string url, SteadyTime now) {
  std::lock_guard lock(m_mutex);
  const std::uint64_t id = m_next_id++;
  m_running.emplace(id, Entry{id, std::move(site), std::move(url), now});
  return Scope(*this, id);
}

void ParseTracker::end(std::uint64_t id) {
  std::lock_guard lock(m_mutex);
  m_running.erase(id);
}

std::vector<ParseTracker::Entry> ParseTracker::slower_than(Millis limit, SteadyTime now) const {
  std::lock_guard lock(m_mutex);
  std::vector<Entry> slow;
  for (const auto& [id, entry] : m_running)
    if (now - entry.since > limit) slow.push_back(entry);
  return slow;
}

std::size_t ParseTracker::running() const {
  std::lock_guard lock(m_mutex);
  return m_running.size();
}

}  // namespace newswatch
