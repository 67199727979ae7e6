#pragma once
// From a fetch answer to a crawl outcome, off the event loop: judge the HTTP
// status, skip bytes already parsed (same SHA-256 as last time), decode the
// charset to UTF-8, refuse what is not HTML, run the site's extractor and
// say whether the result is healthy. No I/O, no database: the outcome goes
// to the store thread next.

#include <cstdint>
#include <string>

#include "config/config.h"
#include "config/error.h"
#include "extractors/extractor.h"
#include "net/http_client.h"
#include "store/store.h"

namespace newswatch {

/// The crawl outcome for `site` given the answer to its fetch. Never throws;
/// every failure is an outcome with `error` set naming the URL and status. When the page is parsed,
/// `report` (if given) gets the extraction's report (a sitemap index's children, untitled entries).
CrawlOutcome process_fetch(const SiteConfig& site, const Extractor& extractor, const FetchState& previous,
                           const Result<HttpResponse>& response, std::int64_t now, ExtractReport* report = nullptr);

/// The health line of a parse that found `items` ("ok", or what to blame), as process_fetch judges it;
/// for a crawl whose items were merged from follow-up fetches.
std::string extraction_health(const SiteConfig& site, int status, const std::vector<Item>& items,
                              const ExtractReport& report);

/// A short hash of what parsing depends on besides the page's bytes (extractor, selectors, this build);
/// stored as the prefix of FetchState::body_hash.
std::string parse_fingerprint(const SiteConfig& site);

/// Lower-case hex SHA-256 of `bytes`.
std::string sha256_hex(std::string_view bytes);

}  // namespace newswatch
