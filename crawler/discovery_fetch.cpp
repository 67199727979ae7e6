#include "crawler/discovery_fetch.h"

#include <optional>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "extractors/url.h"

namespace newswatch {

DiscoveryFetcher::DiscoveryFetcher(const ServiceConfig& service, std::string trusted_url, Millis gap, int max_requests)
    : m_service(service),
      m_trusted_url(std::move(trusted_url)),
      m_max_requests(max_requests),
      m_http(m_io),
      m_politeness(m_io, gap, 1) {}

DiscoveryFetcher::~DiscoveryFetcher() {
  m_politeness.stop();
  m_http.cancel_all();
}

Result<HttpResponse> DiscoveryFetcher::get(const std::string& url, std::size_t max_bytes, bool truncate) {
  if (m_requests >= m_max_requests)
    return fail(ErrorKind::usage, fmt::format("not fetched: this run's {} requests are spent", m_max_requests));
  ++m_requests;
  const std::string host = url_host(url);
  std::optional<Result<HttpResponse>> answer;
  m_politeness.acquire(host, [this, &answer, &url, &host, max_bytes, truncate] {
    HttpRequest request;
    request.url = url;
    request.user_agent = m_service.user_agent;
    request.connect_timeout = m_service.connect_timeout;
    request.total_timeout = m_service.request_timeout;
    request.max_body_bytes = max_bytes;
    request.truncate_body = truncate;
    request.max_redirects = 5;
    request.address_policy = AddressPolicy{m_service.private_networks, m_trusted_url};
    spdlog::debug("discover fetch url={}", url);
    m_http.start(std::move(request), [this, &answer, &host](Result<HttpResponse> response) {
      std::optional<std::chrono::seconds> retry_after;
      if (response && (response->status == 429 || response->status == 503)) retry_after = response->retry_after;
      m_politeness.release(host, retry_after);
      answer = std::move(response);
    });
  });
  m_io.restart();
  while (!answer && m_io.run_one()) {
  }
  if (!answer) return fail(ErrorKind::network, "the fetch of " + url + " ended without an answer");
  if (*answer) spdlog::debug("discover answer url={} status={}", url, (*answer)->status);
  return std::move(*answer);
}

}  // namespace newswatch
