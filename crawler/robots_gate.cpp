#include "crawler/robots_gate.h"

#include <spdlog/spdlog.h>

#include "extractors/url.h"

namespace newswatch {

RobotsGate::RobotsGate(HttpClient& http, Politeness& politeness, std::string user_agent, bool enabled)
    : m_http(http), m_politeness(politeness), m_user_agent(std::move(user_agent)), m_enabled(enabled) {}

void RobotsGate::check(const std::string& url, const RobotsFetch& how, std::function<void(RobotsVerdict)> done) {
  const std::string origin = robots_origin(url);
  if (!m_enabled || origin.empty()) return done(RobotsVerdict{true, {}});
  if (const RobotsRules* rules = m_cache.find(origin, m_clock.now()))
    return done(verdict(origin, robots_path(url), *rules, m_cache.status(origin)));
  auto& waiters = m_waiting[origin];
  waiters.emplace_back(robots_path(url), std::move(done));
  if (waiters.size() == 1) fetch_robots(origin, url_host(url), how);  // the first asker fetches; the rest wait
}

void RobotsGate::fetch_robots(const std::string& origin, const std::string& host, const RobotsFetch& how) {
  m_politeness.acquire(host, [this, origin, host, how] {
    HttpRequest request;
    request.url = origin + "/robots.txt";
    request.user_agent = m_user_agent;
    request.max_body_bytes = k_robots_fetch_limit;  // RFC 9309 2.5: parse at least 500 KiB...
    request.truncate_body = true;                   // ...and use them when the file is longer
    request.connect_timeout = how.connect_timeout;
    request.total_timeout = how.request_timeout;
    request.address_policy = how.policy;
    m_http.start(std::move(request), [this, origin, host](Result<HttpResponse> response) {
      m_politeness.release(host);
      if (!response) {
        spdlog::warn("robots.txt unreachable url={}/robots.txt: {}", origin, response.error().message);
        return fail_waiters(origin, "robots.txt unreachable: " + response.error().message);
      }
      if (response->truncated) {
        spdlog::info("robots.txt over {} bytes url={}/robots.txt: using its first {} bytes", k_robots_fetch_limit,
                     origin, k_robots_parse_limit);
      }
      const RobotsRules& rules =
          m_cache.store_response(origin, response->status, response->body, m_user_agent, m_clock.now());
      answer_waiters(origin, rules, host, m_cache.status(origin));
      m_cache.trim(m_clock.now());  // after the answer: `rules` lives in the cache until then
      if (m_answered && response->status < 500) m_answered(host);
    });
  });
}

void RobotsGate::fail_waiters(const std::string& origin, const std::string& reason) {
  auto waiters = std::move(m_waiting[origin]);
  m_waiting.erase(origin);
  for (auto& waiter : waiters) waiter.second(RobotsVerdict{false, reason});
}

void RobotsGate::answer_waiters(const std::string& origin, const RobotsRules& rules, const std::string& host,
                                int status) {
  if (auto delay = rules.crawl_delay()) m_politeness.set_host_delay(host, *delay);
  auto waiters = std::move(m_waiting[origin]);
  m_waiting.erase(origin);
  for (auto& [path, done] : waiters) done(verdict(origin, path, rules, status));
}

RobotsVerdict RobotsGate::verdict(const std::string& origin, const std::string& path, const RobotsRules& rules,
                                  int status) {
  if (rules.allowed(path)) return RobotsVerdict{true, {}};
  RobotsVerdict verdict{false, robots_disallow_reason(origin, path, status)};
  spdlog::warn("robots.txt forbids site fetch origin={} path={}: {}", origin, path, verdict.reason);
  return verdict;
}

}  // namespace newswatch
