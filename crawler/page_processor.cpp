#include "crawler/page_processor.h"

#include <array>

#include <fmt/format.h>
#include <openssl/evp.h>

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

CrawlOutcome process_fetch(const SiteConfig& site, const Extractor& extractor, const FetchState& previous,
                           const Result<HttpResponse>& response, std::int64_t now) {
  CrawlOutcome out = base_outcome(site, previous, now);
  if (!response) return failed(std::move(out), 0, response.error().message);
  const HttpResponse& answer = *response;
  out.url = answer.effective_url.empty() ? site.url : answer.effective_url;
  out.http_status = answer.status;
  if (answer.status == 304) {  // conditional GET: nothing changed, nothing to parse
    out.health = previous.health.empty() ? "ok" : previous.health;
    return out;
  }
  if (answer.status < 200 || answer.status >= 300)
    return failed(std::move(out), answer.status, fmt::format("HTTP {} from {}", answer.status, out.url));

  if (!answer.etag.empty() || !answer.last_modified.empty()) {
    out.etag = answer.etag;
    out.last_modified = answer.last_modified;
  }
  std::string hash = sha256_hex(answer.body);
  if (hash == previous.body_hash) {  // same bytes as last parsed: same items, skip the parse
    out.health = previous.health.empty() ? "ok" : previous.health;
    return out;
  }
  if (!looks_like_html(answer.content_type, answer.body))
    return failed(std::move(out), answer.status,
                  fmt::format("not HTML: content type '{}' from {}", answer.content_type, out.url));

  auto items = extractor.extract(to_utf8(answer.body, answer.content_type), out.url);
  if (!items) return failed(std::move(out), answer.status, fmt::format("{} (from {})", items.error().message, out.url));
  for (Item& item : *items) item.site = site.name;
  out.health = items->empty() ? fmt::format("no items on a {} page: extractor '{}' may be out of date", answer.status,
                                            site.extractor)
                              : "ok";
  out.body_hash = std::move(hash);
  out.items = std::move(*items);
  return out;
}

}  // namespace newswatch
