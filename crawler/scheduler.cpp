#include "crawler/scheduler.h"

#include <algorithm>
#include <exception>

#include <spdlog/spdlog.h>

#include "crawler/backoff.h"

namespace newswatch {

struct Scheduler::Site {
  explicit Site(boost::asio::io_context& io) : timer(io) {}
  boost::asio::steady_timer timer;
  Millis interval{0};
  Millis jitter{0};
  int failures = 0;
  bool in_flight = false;
  std::optional<SteadyTime> due;         ///< set while the timer is armed
  std::optional<SteadyTime> last_start;  ///< when on_due last fired
  std::uint64_t token = 0;               ///< the live wait's token; older completions are ignored
};

namespace {

// t + delay, clamped to [0, k_max_schedule_delay] first: the sum cannot overflow for any sane `t`.
SteadyTime later(SteadyTime t, Millis delay) {
  return t + std::clamp(delay, Millis(0), k_max_schedule_delay);
}

}  // namespace

Millis compute_next_delay(Millis interval, Millis jitter, int failures, std::optional<std::chrono::seconds> retry_after,
                          Millis max_backoff, double rand01) {
  if (failures > 0) {
    return std::min(backoff_delay(interval, failures, max_backoff, rand01, retry_after), k_max_schedule_delay);
  }
  const double r = (rand01 >= 0.0 && rand01 < 1.0) ? rand01 : 0.0;
  // Summed in double and capped before converting back: interval + jitter may exceed Millis' range.
  const double millis = static_cast<double>(std::max(interval, Millis(0)).count()) +
                        static_cast<double>(std::max(jitter, Millis(0)).count()) * r;
  Millis delay = millis >= static_cast<double>(k_max_schedule_delay.count()) ? k_max_schedule_delay
                                                                             : Millis(static_cast<Millis::rep>(millis));
  if (retry_after) {
    delay = std::max(delay, Millis(std::clamp(*retry_after, std::chrono::seconds(0), k_retry_after_ceiling)));
  }
  return delay;
}

Millis planned_delay(Millis interval, int failures, Millis max_backoff, std::optional<std::chrono::seconds> retry_after,
                     std::optional<std::chrono::seconds> fresh_for) {
  Millis delay = failures <= 0 ? interval : backoff_base(interval, failures, max_backoff);
  if (retry_after)
    delay = std::max<Millis>(delay, std::clamp(*retry_after, std::chrono::seconds(0), k_retry_after_ceiling));
  if (failures <= 0 && fresh_for) delay = std::max<Millis>(delay, *fresh_for);
  return std::min(delay, k_max_schedule_delay);
}

SteadyTime compute_next_due(SteadyTime now, Millis interval, Millis jitter, int failures,
                            std::optional<std::chrono::seconds> retry_after, Millis max_backoff, double rand01) {
  return later(now, compute_next_delay(interval, jitter, failures, retry_after, max_backoff, rand01));
}

Scheduler::Scheduler(boost::asio::io_context& io, Millis max_backoff, DueHandler on_due, Random rand01)
    : m_io(io),
      m_max_backoff(max_backoff),
      m_on_due(std::move(on_due)),
      m_rand01(std::move(rand01)),
      m_rng(std::random_device{}()) {
  if (!m_rand01) {
    m_rand01 = [this] { return std::uniform_real_distribution<double>(0.0, 1.0)(m_rng); };
  }
}

Scheduler::~Scheduler() {
  stop();
}

void Scheduler::add(const std::string& name, Millis interval, Millis jitter, std::optional<WallTime> first_due,
                    int failures) {
  if (m_sites.count(name)) {
    update(name, interval, jitter);
    return;
  }
  auto site = std::make_unique<Site>(m_io);
  site->interval = interval;
  site->jitter = jitter;
  site->failures = std::max(failures, 0);
  const SteadyTime now = std::chrono::steady_clock::now();
  SteadyTime due = now;
  // A stored time in the future is kept so that a restart does not re-crawl everything at once.
  if (first_due) due = later(now, std::chrono::duration_cast<Millis>(*first_due - std::chrono::system_clock::now()));
  Site& ref = *site;
  m_sites.emplace(name, std::move(site));
  arm(name, ref, due);
}

void Scheduler::arm(const std::string& name, Site& site, SteadyTime due) {
  if (m_stopped) return;
  site.due = due;
  site.token = m_next_token++;
  site.timer.expires_at(due);
  site.timer.async_wait(
      [this, alive = std::weak_ptr<int>(m_alive), name, token = site.token](const boost::system::error_code& ec) {
        if (ec || alive.expired()) return;  // cancelled, re-armed, or the scheduler is gone
        fire(name, token);
      });
}

void Scheduler::fire(const std::string& name, std::uint64_t token) noexcept {
  auto it = m_sites.find(name);
  // A wait that completed just before cancel()/re-arm still runs; its token is stale.
  if (m_stopped || it == m_sites.end() || it->second->token != token || it->second->in_flight) return;
  Site& site = *it->second;
  site.in_flight = true;
  site.due.reset();
  site.last_start = std::chrono::steady_clock::now();
  try {
    m_on_due(name);
  } catch (const std::exception& e) {
    spdlog::error("scheduler: on_due threw site={} what={}", name, e.what());
  } catch (...) {
    spdlog::error("scheduler: on_due threw site={}", name);
  }
}

std::optional<Millis> Scheduler::done(const std::string& name, const CrawlVerdict& outcome) {
  auto it = m_sites.find(name);
  if (it == m_sites.end() || !it->second->in_flight) return std::nullopt;
  Site& site = *it->second;
  site.in_flight = false;
  site.failures = outcome.ok ? 0 : site.failures + 1;
  if (outcome.interval) site.interval = *outcome.interval;
  Millis delay =
      compute_next_delay(site.interval, site.jitter, site.failures, outcome.retry_after, m_max_backoff, m_rand01());
  // The server said the answer stays fresh: a crawl before then would fetch the same bytes.
  if (outcome.ok && outcome.fresh_for)
    delay =
        std::max(delay, std::min<Millis>(std::max(*outcome.fresh_for, std::chrono::seconds(0)), k_max_schedule_delay));
  arm(name, site, later(std::chrono::steady_clock::now(), delay));
  return delay;
}

void Scheduler::defer(const std::string& name, WallTime at, int failures) {
  auto it = m_sites.find(name);
  if (it == m_sites.end() || !it->second->in_flight) return;
  Site& site = *it->second;
  site.in_flight = false;
  site.failures = std::max(failures, 0);
  const SteadyTime now = std::chrono::steady_clock::now();
  arm(name, site, later(now, std::chrono::duration_cast<Millis>(at - std::chrono::system_clock::now())));
}

Scheduler::NowResult Scheduler::crawl_now(const std::string& name) {
  auto it = m_sites.find(name);
  if (it == m_sites.end()) return NowResult::unknown;
  Site& site = *it->second;
  if (site.in_flight) return NowResult::in_flight;
  arm(name, site, std::chrono::steady_clock::now());  // supersedes the pending wait (its token goes stale)
  return NowResult::queued;
}

std::optional<Millis> Scheduler::reset_backoff(const std::string& name) {
  auto it = m_sites.find(name);
  if (m_stopped || it == m_sites.end()) return std::nullopt;
  Site& site = *it->second;
  if (site.in_flight || site.failures == 0 || !site.due) return std::nullopt;
  site.failures = 0;
  const SteadyTime now = std::chrono::steady_clock::now();
  // Restored from the store (no start seen by this process): the interval's start is unknown, so now.
  const SteadyTime normal = site.last_start ? later(*site.last_start, site.interval) : now;
  const SteadyTime due = std::max(now, std::min(*site.due, normal));
  if (due < *site.due) arm(name, site, due);
  return std::chrono::duration_cast<Millis>(*site.due - now);
}

void Scheduler::remove(const std::string& name) {
  auto it = m_sites.find(name);
  if (it == m_sites.end()) return;
  it->second->timer.cancel();
  m_sites.erase(it);
}

void Scheduler::update(const std::string& name, Millis interval, Millis jitter) {
  auto it = m_sites.find(name);
  if (it == m_sites.end()) return;
  Site& site = *it->second;
  const bool interval_changed = site.interval != interval;
  site.interval = interval;
  site.jitter = jitter;
  // In flight: done() re-arms with the new values. Unchanged interval: keep the pending time.
  if (site.in_flight || !interval_changed || !site.due) return;
  // A failing site keeps its backoff time; a new interval counts from the last start, never earlier than now.
  if (site.failures > 0 || !site.last_start) return;
  arm(name, site, std::max(std::chrono::steady_clock::now(), later(*site.last_start, interval)));
}

std::optional<WallTime> Scheduler::next_due(const std::string& name) const {
  auto it = m_sites.find(name);
  if (it == m_sites.end() || !it->second->due) return std::nullopt;
  return to_wall(*it->second->due, std::chrono::steady_clock::now(), std::chrono::system_clock::now());
}

std::optional<Millis> Scheduler::interval(const std::string& name) const {
  auto it = m_sites.find(name);
  if (it == m_sites.end()) return std::nullopt;
  return it->second->interval;
}

int Scheduler::failures(const std::string& name) const {
  auto it = m_sites.find(name);
  return it == m_sites.end() ? 0 : it->second->failures;
}

bool Scheduler::in_flight(const std::string& name) const {
  auto it = m_sites.find(name);
  return it != m_sites.end() && it->second->in_flight;
}

void Scheduler::stop() noexcept {
  m_stopped = true;
  for (auto& [name, site] : m_sites) {
    site->timer.cancel();
    site->due.reset();
  }
}

}  // namespace newswatch
