#pragma once
// robots.txt on the event loop: check(url) answers from the RobotsCache or
// fetches /robots.txt once per origin (through the politeness gate, like any
// request to that host), while other checks for the same origin wait for
// that one fetch. A Crawl-delay is applied to the host's politeness gap.
// Disabled (respect_robots = false) it allows everything without fetching.
// An unreachable robots.txt (no HTTP answer at all) is not cached: the crawl
// fails with that network error and the next crawl asks again, so a passing
// DNS or network fault does not park a site for the cache's error period.

#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "crawler/politeness.h"
#include "crawler/robots.h"
#include "net/http_client.h"

namespace newswatch {

/// How robots.txt is fetched for one crawl: the site's address policy and the service's timeouts
/// (a robots.txt the policy refuses is unreachable).
struct RobotsFetch {
  AddressPolicy policy;
  std::chrono::seconds connect_timeout{10};
  std::chrono::seconds request_timeout{30};
};

struct RobotsVerdict {
  bool allowed = true;
  std::string reason;  ///< why not, for the crawl's error: names robots.txt's URL and what it answered
};

class RobotsGate {
 public:
  RobotsGate(HttpClient& http, Politeness& politeness, std::string user_agent, bool enabled);

  /// Calls `done` on the loop with whether `url` may be fetched; a robots.txt not cached is fetched as `how` says.
  void check(const std::string& url, const RobotsFetch& how, std::function<void(RobotsVerdict)> done);

  /// Calls `answered(host)` whenever a host answers its robots.txt (any status below 500): the host is
  /// reachable again, whatever its sites' failures said (the service resets their backoff).
  void on_host_answered(std::function<void(const std::string& host)> answered) { m_answered = std::move(answered); }

 private:
  void fetch_robots(const std::string& origin, const std::string& host, const RobotsFetch& how);
  void answer_waiters(const std::string& origin, const RobotsRules& rules, const std::string& host, int status);
  void fail_waiters(const std::string& origin, const std::string& reason);
  /// The verdict for `path` under `rules` (from an answer with `status`): worded the same fresh or cached.
  static RobotsVerdict verdict(const std::string& origin, const std::string& path, const RobotsRules& rules,
                               int status);

  HttpClient& m_http;
  Politeness& m_politeness;
  std::string m_user_agent;
  bool m_enabled;
  RobotsCache m_cache;
  SystemClock m_clock;
  std::function<void(const std::string& host)> m_answered;
  /// origin -> (path to check, callback) waiting for its robots.txt
  std::map<std::string, std::vector<std::pair<std::string, std::function<void(RobotsVerdict)>>>> m_waiting;
};

}  // namespace newswatch
