#include "crawler/crawl_log.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "config/config.h"

namespace newswatch {
namespace {

std::string next_in_field(const std::optional<CrawlSchedule>& schedule) {
  return schedule ? " next_in=" + human_delay(schedule->next_in) : "";
}

CrawlLogLine success_line(const SiteReport& r) {
  const std::string head = fmt::format("crawled site={} url={} status={}", r.site, r.url, r.http_status);
  if (r.not_modified) return {spdlog::level::info, head + ": not modified"};
  if (r.unchanged) return {spdlog::level::info, head + ": unchanged (same bytes as the last crawl)"};
  std::string text = fmt::format("{} items={} new={} alerts={}", head, r.items_found, r.items_new, r.alerts_queued);
  if (r.baseline)
    text += fmt::format(": first crawl of {}: baseline, {} items stored, no alerts", r.site, r.items_found);
  return {spdlog::level::info, std::move(text)};
}

}  // namespace

std::string human_delay(Millis delay) {
  const auto seconds = std::chrono::ceil<std::chrono::seconds>(std::max(delay, Millis(0)));
  return format_duration(Seconds(seconds.count()));
}

std::vector<CrawlLogLine> crawl_log_lines(const SiteReport& r, std::optional<CrawlSchedule> schedule) {
  std::vector<CrawlLogLine> lines;
  if (!r.store_error.empty()) {
    lines.push_back({spdlog::level::err, fmt::format("crawl not stored site={} url={}{}: {}", r.site, r.url,
                                                     next_in_field(schedule), r.store_error)});
    return lines;
  }
  if (!r.fetched) {
    // A crawl by hand does not count toward the service's backoff: no streak, no next time.
    std::string failures = schedule ? fmt::format(" failures={}", schedule->failures) : "";
    lines.push_back({spdlog::level::warn, fmt::format("crawl failed site={} url={} status={}{}{}: {}", r.site, r.url,
                                                      r.http_status, failures, next_in_field(schedule), r.error)});
    return lines;
  }
  const int before = r.previous_failures;
  if (before > 0)
    lines.push_back({spdlog::level::info, fmt::format("site recovered after {} failure{} site={} url={}", before,
                                                      before == 1 ? "" : "s", r.site, r.url)});
  if (!r.ok)
    lines.push_back({spdlog::level::err, fmt::format("extractor health site={} url={}: {}", r.site, r.url, r.health)});
  else
    lines.push_back(success_line(r));
  return lines;
}

void log_crawl(const SiteReport& report, std::optional<CrawlSchedule> schedule) {
  for (const CrawlLogLine& line : crawl_log_lines(report, schedule)) spdlog::log(line.level, "{}", line.text);
}

}  // namespace newswatch
