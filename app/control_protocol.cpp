#include "app/control_protocol.h"

#include <algorithm>
#include <cctype>
#include <sstream>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include "app/service.h"

namespace newswatch {
namespace {

std::vector<std::string> words(const std::string& line) {
  std::vector<std::string> out;
  std::istringstream in(line);
  for (std::string word; in >> word;) out.push_back(word);
  return out;
}

/// A name a config could hold (letters, digits, '-', '_', '.'): anything else is no site, and is not echoed whole.
bool plain_name(const std::string& name) {
  return !name.empty() && name.size() <= 200 && std::all_of(name.begin(), name.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '-' || c == '_' || c == '.';
  });
}

std::string describe(const CrawlNowAnswer& answer) {
  std::string text = fmt::format("ok queued {}", answer.queued.size());
  if (!answer.queued.empty()) text += fmt::format(": {}", fmt::join(answer.queued, " "));
  if (!answer.in_flight.empty()) text += fmt::format("; already crawling: {}", fmt::join(answer.in_flight, " "));
  return text;
}

}  // namespace

std::string crawl_request(const std::vector<std::string>& sites) {
  return sites.empty() ? "crawl" : fmt::format("crawl {}", fmt::join(sites, " "));
}

std::string control_reply(Service& service, const std::string& line) {
  std::vector<std::string> request = words(line);
  if (request.empty() || request.front() != "crawl") {
    // Echo a bounded, printable excerpt: the asker may have sent anything.
    std::string excerpt = line.substr(0, 60);
    for (char& c : excerpt)
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
    return fmt::format("error unknown request '{}': try \"crawl [SITE]...\"", excerpt);
  }
  std::vector<std::string> sites(request.begin() + 1, request.end());
  for (const std::string& site : sites)
    if (!plain_name(site)) return fmt::format("error unknown site {}", site.substr(0, 60));
  CrawlNowAnswer answer = service.crawl_now(sites);
  if (!answer.unknown.empty()) {
    spdlog::warn("crawl request refused: unknown site {}", fmt::join(answer.unknown, " "));
    return fmt::format("error unknown site {}", fmt::join(answer.unknown, " "));
  }
  spdlog::info("crawl requested sites={} queued={} already_crawling={}",
               sites.empty() ? "all" : fmt::format("{}", fmt::join(sites, ",")), answer.queued.size(),
               answer.in_flight.size());
  return describe(answer);
}

}  // namespace newswatch
