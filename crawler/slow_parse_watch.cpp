#include "crawler/slow_parse_watch.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace newswatch {
namespace {

long long seconds_since(SteadyTime since, SteadyTime now) {
  return std::chrono::duration_cast<std::chrono::seconds>(now - since).count();
}

}  // namespace

std::optional<std::string> describe_slow_parses(const std::vector<ParseTracker::Entry>& slow, SteadyTime now) {
  if (slow.empty()) return std::nullopt;
  const ParseTracker::Entry& oldest = slow.front();
  std::string line = fmt::format("parse of site={} url={} running for {} s", oldest.site, oldest.url,
                                 seconds_since(oldest.since, now));
  if (slow.size() > 1) line += fmt::format(" (and {} more slow parses)", slow.size() - 1);
  return line;
}

SlowParseWatch::SlowParseWatch(boost::asio::io_context& io, const ParseTracker& parses, StoreWorker& store,
                               Millis limit, Millis every)
    : m_timer(io), m_parses(parses), m_store(store), m_limit(limit), m_every(every) {}

void SlowParseWatch::start() {
  arm();
}

void SlowParseWatch::stop() {
  m_timer.cancel();
}

void SlowParseWatch::arm() {
  m_timer.expires_after(m_every);
  m_timer.async_wait(m_alive.guard([this](boost::system::error_code ec) {
    if (ec) return;
    check();
    arm();
  }));
}

void SlowParseWatch::check() {
  const SteadyTime now = std::chrono::steady_clock::now();
  std::set<std::uint64_t> still_slow;
  for (const ParseTracker::Entry& entry : m_parses.slower_than(m_limit, now)) {
    still_slow.insert(entry.id);
    if (m_reported.count(entry.id)) continue;
    const long long running = seconds_since(entry.since, now);
    spdlog::error("parse slow site={} url={} running={}s: the page may be hostile; other sites go on", entry.site,
                  entry.url, running);
    std::string health = fmt::format("parse of {} running for over {} s (slow or hostile page)", entry.url, running);
    m_store.post(
        [site = entry.site, health = std::move(health)](Store& store) { return store.note_health(site, health); },
        [](Result<void>) {});
  }
  m_reported = std::move(still_slow);  // finished parses drop out; a new slow one is logged again
}

std::optional<std::string> SlowParseWatch::problem() const {
  const SteadyTime now = std::chrono::steady_clock::now();
  return describe_slow_parses(m_parses.slower_than(m_limit, now), now);
}

}  // namespace newswatch
