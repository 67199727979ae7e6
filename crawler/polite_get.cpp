#include "crawler/polite_get.h"

#include <cctype>
#include <memory>

#include <fmt/format.h>

#include "extractors/url.h"

namespace newswatch {
namespace {

constexpr int k_max_hops = 5;

}  // namespace

struct PoliteGet::Hop {
  HttpRequest request;
  RobotsFetch robots;
  std::function<void(Result<HttpResponse>)> done;
  int hops = 0;
};

PoliteGet::PoliteGet(HttpClient& http, Politeness& politeness, RobotsGate& robots)
    : m_http(http), m_politeness(politeness), m_robots(robots) {}

void PoliteGet::get(HttpRequest request, RobotsFetch robots, std::function<void(Result<HttpResponse>)> done) {
  request.max_redirects = 0;  // each hop goes through robots.txt and politeness here
  check(std::make_shared<Hop>(Hop{std::move(request), std::move(robots), std::move(done), 0}));
}

void PoliteGet::check(std::shared_ptr<Hop> hop) {
  m_robots.check(hop->request.url, hop->robots, [this, hop](RobotsVerdict verdict) {
    if (verdict.allowed) return fetch(hop);
    hop->done(fail(ErrorKind::network, verdict.reason, 0));
  });
}

void PoliteGet::fetch(std::shared_ptr<Hop> hop) {
  const std::string host = url_host(hop->request.url);
  m_politeness.acquire(host, [this, hop, host] {
    m_http.start(hop->request, [this, hop, host](Result<HttpResponse> response) {
      std::optional<std::chrono::seconds> retry_after;
      if (response && (response->status == 429 || response->status == 503)) retry_after = response->retry_after;
      m_politeness.release(host, retry_after);
      if (!response || !is_redirect_status(response->status) || response->redirect_url.empty())
        return hop->done(std::move(response));
      if (++hop->hops > k_max_hops)
        return hop->done(
            fail(ErrorKind::network, fmt::format("too many redirects (max {}) from {}", k_max_hops, hop->request.url)));
      if (!is_http_url(response->redirect_url))
        return hop->done(fail(ErrorKind::parse, fmt::format("refused non-http(s) redirect from {} to {}",
                                                            hop->request.url, response->redirect_url)));
      hop->request.url = response->redirect_url;
      check(hop);
    });
  });
}

}  // namespace newswatch
