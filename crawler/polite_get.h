#pragma once
// One GET done the way a crawl does every request: robots.txt of the URL's origin first, then a polite
// slot for its host (the per-host gap, the concurrency cap), then the transfer under the request's
// AddressPolicy; a redirect is taken hop by hop (at most 5, http/https only), each hop through its own
// origin's robots.txt and its own host's slot. Used for a crawl's follow-up fetches (follow_up.h);
// the site's own page goes through SiteCrawler, which also keeps the hops' Retry-After.

#include <functional>
#include <string>

#include "crawler/politeness.h"
#include "crawler/robots_gate.h"
#include "net/http_client.h"

namespace newswatch {

class PoliteGet {
 public:
  PoliteGet(HttpClient& http, Politeness& politeness, RobotsGate& robots);

  /// GETs `request.url` (its max_redirects is ignored: hops are followed here); `done` runs on the loop
  /// with the final answer, or an Error naming the URL robots.txt refused, the redirect that was refused
  /// or the transport failure. Call on the loop thread.
  void get(HttpRequest request, RobotsFetch robots, std::function<void(Result<HttpResponse>)> done);

 private:
  struct Hop;
  void check(std::shared_ptr<Hop> hop);
  void fetch(std::shared_ptr<Hop> hop);

  HttpClient& m_http;
  Politeness& m_politeness;
  RobotsGate& m_robots;
};

}  // namespace newswatch
