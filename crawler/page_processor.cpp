#include "crawler/page_processor.h"

#include <array>

#include <fmt/format.h>
#include <openssl/evp.h>
#include <spdlog/spdlog.h>

#include "crawler/charset.h"

namespace newswatch {
namespace {

CrawlOutcome base_outcome(const SiteConfig& site, const FetchState& previous, std::int64_t now) {
  CrawlOutcome out;
  out.site = site.name;
  out.url = site.url;
  out.at = now;
  // Validators of the last good fetch stay until a new good fetch replaces them.
  out.etag = previous.etag;
  out.last_modified = previous.last_modified;
  out.body_hash = previous.body_hash;
  return out;
}

CrawlOutcome failed(CrawlOutcome out, int status, std::string error) {
  out.http_status = status;
  out.health = "fetch failed: " + error;
  out.error = std::move(error);
  return out;
}

// Blames what is wrong: the selectors, the extractor, or dates that did not parse.
std::string health_of(const SiteConfig& site, int status, const std::vector<Item>& items, const ExtractReport& report) {
  if (items.empty() && site.selectors)
    return fmt::format("no items on a {} page: selectors of site {} matched no items (item = \"{}\")", status,
                       site.name, site.selectors->item);
  if (items.empty())
    return fmt::format("no items on a {} page: extractor '{}' of site {} found none", status, site.extractor,
                       site.name);
  if (report.dates_parsed == 0 && !report.dates_unparsed.empty())
    return fmt::format("dates of site {} did not parse, e.g. \"{}\" (set date_format or timezone)", site.name,
                       report.dates_unparsed.front());
  // Items known by GUID or title+date are still news, but `status` says how they are known.
  if (!report.identity.empty()) return "ok; identity: " + report.identity;
  return "ok";
}

}  // namespace

std::string sha256_hex(std::string_view bytes) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest.data(), &length, EVP_sha256(), nullptr);
  std::string hex;
  hex.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) hex += fmt::format("{:02x}", digest[i]);
  return hex;
}

std::string parse_fingerprint(const SiteConfig& site) {
  std::string what = std::string(NEWSWATCH_VERSION) + "\n" + site.extractor + "\n" + std::to_string(site.max_items);
  if (site.selectors) {
    const SelectorConfig& s = *site.selectors;
    for (const std::string* part : {&s.item, &s.title, &s.link, &s.summary, &s.published, &s.authors, &s.tags})
      what += "\n" + *part;
  }
  if (!site.date_format.empty() || !site.utc_offset.empty()) what += "\n" + site.date_format + "\n" + site.utc_offset;
  return sha256_hex(what).substr(0, 16);
}

std::string extraction_health(const SiteConfig& site, int status, const std::vector<Item>& items,
                              const ExtractReport& report) {
  return health_of(site, status, items, report);
}

CrawlOutcome process_fetch(const SiteConfig& site, const Extractor& extractor, const FetchState& previous,
                           const Result<HttpResponse>& response, std::int64_t now, ExtractReport* report_out) {
  CrawlOutcome out = base_outcome(site, previous, now);
  if (!response) return failed(std::move(out), 0, response.error().message);
  const HttpResponse& answer = *response;
  // Stored state keeps the configured URL (it keys the validators); links resolve against where we ended up.
  const std::string& page_url = answer.effective_url.empty() ? site.url : answer.effective_url;
  out.http_status = answer.status;
  // A page that did not change keeps its health, unless that health was the failure just recovered from.
  const std::string kept_health = previous.health.empty() || !previous.last_error.empty() ? "ok" : previous.health;
  if (answer.status == 304) {  // conditional GET: nothing changed, nothing to parse
    out.health = kept_health;
    return out;
  }
  if (answer.status < 200 || answer.status >= 300)
    return failed(std::move(out), answer.status, fmt::format("HTTP {} from {}", answer.status, page_url));

  if (!answer.etag.empty() || !answer.last_modified.empty()) {
    out.etag = answer.etag;
    out.last_modified = answer.last_modified;
  }
  // The hash covers what parsing depends on, so a new extractor or selectors re-parse unchanged bytes.
  std::string hash = parse_fingerprint(site) + ":" + sha256_hex(answer.body);
  if (hash == previous.body_hash) {  // same bytes as last parsed: same items, skip the parse
    out.health = kept_health;
    return out;
  }
  if (!extractor.reads_xml() && !looks_like_html(answer.content_type, answer.body))
    return failed(std::move(out), answer.status,
                  fmt::format("not HTML: content type '{}' from {}", answer.content_type, page_url));

  ExtractOptions options;
  options.dates.now = now;  // "37 min ago" is relative to this fetch
  if (!site.utc_offset.empty()) options.dates.utc_offset = site.utc_offset;
  options.dates.format = site.date_format;
  options.sitemap = site.sitemap;
  ExtractReport report;
  // A feed decodes itself (BOM, UTF-8, else its XML declaration) unless HTTP names a charset other than UTF-8.
  const std::string http_charset = charset_from_content_type(answer.content_type);
  const bool raw = extractor.reads_xml() && (http_charset.empty() || iconv_name_for(http_charset) == "UTF-8");
  const std::string decoded = raw ? std::string() : to_utf8(answer.body, answer.content_type, page_url);
  auto items = extractor.extract_with(raw ? std::string_view(answer.body) : std::string_view(decoded), page_url,
                                      options, &report);
  if (!items)
    return failed(std::move(out), answer.status,
                  fmt::format("{} (site {}, from {})", items.error().message, site.name, page_url));
  if (items->size() > static_cast<std::size_t>(site.max_items)) {
    // A page of 100,000 links is an attack or a mistake, not news: keep the page's first (newest) items.
    spdlog::warn("items capped site={} url={} found={} kept={} (max_items)", site.name, page_url, items->size(),
                 site.max_items);
    items->resize(static_cast<std::size_t>(site.max_items));
  }
  for (Item& item : *items) item.site = site.name;
  out.health = health_of(site, answer.status, *items, report);
  out.body_hash = std::move(hash);
  out.items = std::move(*items);
  if (report_out) *report_out = std::move(report);
  return out;
}

}  // namespace newswatch
