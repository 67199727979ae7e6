#include "crawler/robots_gate.h"

#include <spdlog/spdlog.h>

#include "extractors/url.h"

namespace newswatch {

RobotsGate::RobotsGate(HttpClient& http, Politeness& politeness, std::string user_agent, bool enabled)
    : m_http(http), m_politeness(politeness), m_user_agent(std::move(user_agent)), m_enabled(enabled) {}

void RobotsGate::check(const std::string& url, std::function<void(RobotsVerdict)> done) {
  const std::string origin = robots_origin(url);
  if (!m_enabled || origin.empty()) return done(RobotsVerdict{true});
  if (const RobotsRules* rules = m_cache.find(origin, m_clock.now()))
    return done(RobotsVerdict{rules->allowed(robots_path(url))});
  auto& waiters = m_waiting[origin];
  waiters.emplace_back(robots_path(url), std::move(done));
  if (waiters.size() == 1) fetch_robots(origin, url_host(url));  // the first asker fetches; the rest wait
}

void RobotsGate::fetch_robots(const std::string& origin, const std::string& host) {
  m_politeness.acquire(host, [this, origin, host] {
    HttpRequest request;
    request.url = origin + "/robots.txt";
    request.user_agent = m_user_agent;
    request.max_body_bytes = 512 * 1024;  // RFC 9309 2.5: parse at least 500 KiB
    request.total_timeout = std::chrono::seconds(30);
    m_http.start(std::move(request), [this, origin, host](Result<HttpResponse> response) {
      m_politeness.release(host);
      int status = response ? response->status : 0;
      std::string_view body = response ? std::string_view(response->body) : std::string_view();
      if (!response) spdlog::warn("robots.txt unreachable url={}/robots.txt: {}", origin, response.error().message);
      const RobotsRules& rules = m_cache.store_response(origin, status, body, m_user_agent, m_clock.now());
      answer_waiters(origin, rules, host);
    });
  });
}

void RobotsGate::answer_waiters(const std::string& origin, const RobotsRules& rules, const std::string& host) {
  if (auto delay = rules.crawl_delay()) m_politeness.set_host_delay(host, *delay);
  auto waiters = std::move(m_waiting[origin]);
  m_waiting.erase(origin);
  for (auto& [path, done] : waiters) {
    bool allowed = rules.allowed(path);
    if (!allowed) spdlog::warn("robots.txt disallows origin={} path={}", origin, path);
    done(RobotsVerdict{allowed});
  }
}

}  // namespace newswatch
