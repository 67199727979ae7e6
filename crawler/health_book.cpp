#include "crawler/health_book.h"

namespace newswatch {

HealthBook::Flags HealthBook::flags_of(const SiteHealth& row, bool configured) {
  Flags flags;
  flags.configured = configured;
  flags.streaking = row.failing_since.has_value() && row.no_answer;
  flags.failing = row.failing;
  return flags;
}

void HealthBook::count(const Flags& flags, int sign) {
  if (!flags.configured) return;
  auto add = [sign](std::size_t& counter) { counter = sign > 0 ? counter + 1 : counter - 1; };
  add(m_configured);
  if (flags.streaking) add(m_streaking);
  if (flags.streaking && flags.failing) add(m_streaking_failing);
}

void HealthBook::set_sites(const std::vector<std::string>& sites) {
  m_configured = m_streaking = m_streaking_failing = 0;
  for (auto& [name, flags] : m_sites) flags.configured = false;
  for (const std::string& name : sites) {
    Flags& flags = m_sites[name];
    if (flags.configured) continue;  // a duplicate name is one site
    flags.configured = true;
    count(flags, +1);
  }
}

void HealthBook::record(const SiteHealth& row) {
  if (row.site.empty()) return;  // the network's own row
  auto [it, added] = m_sites.try_emplace(row.site);
  count(it->second, -1);
  it->second = flags_of(row, it->second.configured);
  count(it->second, +1);
}

bool HealthBook::network_looks_down_with(const SiteHealth& row) const {
  std::size_t streaking = m_streaking;
  std::size_t streaking_failing = m_streaking_failing;
  auto found = m_sites.find(std::string_view(row.site));
  if (found != m_sites.end() && found->second.configured) {
    const Flags before = found->second;
    const Flags after = flags_of(row, true);
    streaking = streaking - (before.streaking ? 1 : 0) + (after.streaking ? 1 : 0);
    streaking_failing =
        streaking_failing - (before.streaking && before.failing ? 1 : 0) + (after.streaking && after.failing ? 1 : 0);
  }
  return m_configured >= 2 && streaking == m_configured && streaking_failing > 0;
}

}  // namespace newswatch
