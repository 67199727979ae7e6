#pragma once
// The network side of `newswatch discover`: one GET at a time, politely. Each
// request identifies with the configured user agent, waits for the host's
// politeness gap (Politeness, the crawler's own gate, with robots.txt's
// Crawl-delay applied by the caller), is capped in size and time, and passes
// the address policy with the discovered page's URL as the trusted one: a
// candidate on another host that resolves to a private or loopback address
// is refused as a crawl of that page would be. A run spends at most a fixed
// number of requests; past it get() refuses without touching the network.
// Synchronous on purpose: discover is a command that waits for its answers,
// so each get() runs the private io_context until its one transfer ends.

#include <chrono>
#include <string>

#include <boost/asio/io_context.hpp>

#include "config/clock.h"
#include "config/config.h"
#include "config/error.h"
#include "crawler/politeness.h"
#include "net/http_client.h"

namespace newswatch {

class DiscoveryFetcher {
 public:
  /// Fetches as `service` says (user agent, timeouts, body cap, private_networks), `gap` apart per host, trusting
  /// `trusted_url`'s host under private_networks = site_only, at most `max_requests` times.
  DiscoveryFetcher(const ServiceConfig& service, std::string trusted_url, Millis gap, int max_requests);
  ~DiscoveryFetcher();
  DiscoveryFetcher(const DiscoveryFetcher&) = delete;
  DiscoveryFetcher& operator=(const DiscoveryFetcher&) = delete;

  /// GETs `url` (redirects followed, every hop under the address policy) and returns any HTTP answer, or an Error:
  /// network, timeout, parse (too large, refused address) or usage when the request budget is spent. A body
  /// over `max_bytes` is cut there when `truncate`, else an error.
  Result<HttpResponse> get(const std::string& url, std::size_t max_bytes, bool truncate = false);

  /// Applies a robots.txt Crawl-delay to `host`.
  void set_host_delay(const std::string& host, Millis delay) { m_politeness.set_host_delay(host, delay); }

  /// Requests sent so far.
  int requests() const noexcept { return m_requests; }

 private:
  ServiceConfig m_service;
  std::string m_trusted_url;
  int m_max_requests;
  int m_requests = 0;
  boost::asio::io_context m_io;
  HttpClient m_http;
  Politeness m_politeness;
};

}  // namespace newswatch
