// discover: the sources a user could watch for a site, best first, each with
// what it yields and a ready [[site]] block; --add appends the chosen block to
// a config once check-config passes on the result (config_append.h). The
// finding and ranking are crawler/discovery.h's; this file loads the configs
// (for politeness settings and unused names), prints, and adds.

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "app/app_config.h"
#include "app/cli.h"
#include "app/commands.h"
#include "app/config_append.h"
#include "app/discover_blocks.h"
#include "app/extract_explain.h"
#include "config/clock.h"
#include "config/config.h"
#include "crawler/discovery.h"
#include "crawler/discovery_checks.h"

namespace newswatch {
namespace {

/// Without a config, discover still waits this long between two requests to one host.
constexpr Millis k_default_gap{1000};

/// The configs names must not clash with: -c and the --add file (when it exists).
struct Configs {
  std::shared_ptr<const Config> given;   ///< -c
  std::shared_ptr<const Config> target;  ///< --add FILE
  std::vector<const Config*> all() const { return {given.get(), target.get()}; }
  const Config* settings() const { return given ? given.get() : target.get(); }
};

std::string iso_time(std::int64_t unix) {
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", fmt::gmtime(static_cast<std::time_t>(unix)));
}

std::string found_by(const Finding& f) {
  if (f.candidate.title.empty()) return f.candidate.found_by;
  return f.candidate.found_by + " \"" + f.candidate.title + "\"";
}

void print_text(const DiscoveryReport& report, const std::vector<std::string>& names, std::int64_t now) {
  std::cout << fmt::format("Sources for {} ({} requests), best first:\n", report.page_url, report.requests);
  for (std::size_t i = 0; i < report.findings.size(); ++i) {
    const Finding& f = report.findings[i];
    std::cout << fmt::format("{:2}. {:<7} {}\n    {} (found by {})\n", i + 1, to_string(f.candidate.kind),
                             f.candidate.url, describe(f, now), found_by(f));
    for (const std::string& title : f.titles) std::cout << "      - " << title << "\n";
  }
  bool header = false;
  for (std::size_t i = 0; i < report.findings.size(); ++i) {
    if (names[i].empty()) continue;
    if (!header) std::cout << "\nReady to paste (or: --add FILE --pick N):\n";
    header = true;
    std::cout << fmt::format("\n# {}. {}\n{}", i + 1, describe(report.findings[i], now),
                             site_block(names[i], report.findings[i]));
  }
}

void print_json(const DiscoveryReport& report, const std::vector<std::string>& names, std::int64_t now) {
  nlohmann::ordered_json out;
  out["url"] = report.page_url;
  out["requests"] = report.requests;
  out["sources"] = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < report.findings.size(); ++i) {
    const Finding& f = report.findings[i];
    nlohmann::ordered_json j;
    j["rank"] = i + 1;
    j["kind"] = to_string(f.candidate.kind);
    j["url"] = f.candidate.url;
    j["found_by"] = f.candidate.found_by;
    j["ok"] = f.ok;
    j["checked"] = f.checked;
    j["summary"] = describe(f, now);
    j["failure"] = f.ok ? "" : f.failure;
    j["entries"] = f.entries;
    j["recent"] = f.recent;
    if (f.candidate.kind == SourceKind::sitemap) j["untitled"] = f.untitled;
    j["newest"] = f.newest ? nlohmann::ordered_json(iso_time(*f.newest)) : nlohmann::ordered_json();
    j["titles"] = f.titles;
    if (!names[i].empty())
      j["site"] = {{"name", names[i]},
                   {"url", f.candidate.url},
                   {"extractor", extractor_for(f.candidate.kind)},
                   {"interval", k_discovered_interval}};
    out["sources"].push_back(std::move(j));
  }
  std::cout << out.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
}

/// A name per finding that has a block ("" for failures), each unused in `configs` and among themselves.
std::vector<std::string> block_names(const DiscoveryReport& report, const DiscoverOptions& options,
                                     const Configs& configs) {
  std::vector<std::string> names;
  Config taken;  // the names handed out so far count as taken too
  std::vector<const Config*> against = configs.all();
  against.push_back(&taken);
  for (std::size_t i = 0; i < report.findings.size(); ++i) {
    const Finding& f = report.findings[i];
    const bool usable = f.ok || (!f.checked && f.candidate.kind == SourceKind::feed);
    names.push_back(usable ? discovered_site_name(f, against) : "");
    if (usable) {
      SiteConfig site;
      site.name = names.back();
      taken.sites.push_back(std::move(site));
    }
  }
  if (options.name && options.add) names[static_cast<std::size_t>(options.pick - 1)] = *options.name;
  return names;
}

/// Appends the picked block to options.add; the exit code.
int add_picked(const DiscoveryReport& report, const std::vector<std::string>& names, const DiscoverOptions& options,
               const Configs& configs) {
  const std::string file = options.add->string();
  const std::size_t index = static_cast<std::size_t>(options.pick - 1);
  const Finding& f = report.findings[index];
  if (names[index].empty()) {
    std::cerr << fmt::format("newswatch discover: source {} is not usable ({}): pick a listed block\n", options.pick,
                             describe(f, unix_now()));
    return k_exit_failure;
  }
  const std::vector<const Config*> target = {configs.target.get()};
  if (configs.target && configs.target->find_site(names[index])) {  // only a --name can clash
    std::cerr << fmt::format("newswatch discover: {} already has a site named '{}'; {} is unchanged\n", file,
                             names[index], file);
    return k_exit_config;
  }
  if (const SiteConfig* same = site_with_url(target, f.candidate.url)) {
    std::cerr << fmt::format("newswatch discover: {} already watches {} (site '{}'); {} is unchanged\n", file,
                             f.candidate.url, same->name, file);
    return k_exit_config;
  }
  auto added = append_to_config(*options.add, site_block(names[index], f));  // throws ConfigError: exit 78
  if (!added) {
    std::cerr << "newswatch discover: " << added.error().message << "\n";
    return k_exit_failure;
  }
  (options.json ? std::cerr : std::cout) << fmt::format("added site '{}' ({} {}) to {}; check-config passes\n",
                                                        names[index], extractor_for(f.candidate.kind), f.candidate.url,
                                                        file);
  return k_exit_ok;
}

/// The saved page of --file, decoded as the crawler decodes a page; nullopt (after saying why) when unreadable.
std::optional<std::string> read_saved_page(const std::string& file) {
  std::error_code ec;
  if (std::filesystem::is_directory(file, ec)) {
    std::cerr << "newswatch discover: " << file << " is a directory, not an HTML file\n";
    return std::nullopt;
  }
  std::ifstream in(file, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (!in) {
    std::cerr << "newswatch discover: cannot read " << file << "\n";
    return std::nullopt;
  }
  return decode_saved_page(bytes.str());
}

}  // namespace

int cmd_discover(const DiscoverOptions& options) {
  if (options.url.empty() && !options.file) {
    std::cerr << "newswatch discover: give the site's URL (or --file PAGE)\n";
    return k_exit_usage;
  }
  Configs configs;
  if (options.config) configs.given = load_app_config(*options.config);  // throws ConfigError: exit 78
  std::error_code ec;
  if (options.add && std::filesystem::exists(*options.add, ec)) configs.target = load_app_config(*options.add);

  DiscoverRequest request;
  request.url = options.url;
  if (options.file) {
    request.saved_page = read_saved_page(*options.file);
    if (!request.saved_page) return k_exit_failure;
  }
  const Config* settings = configs.settings();
  if (settings) request.service = settings->service;
  request.gap = settings ? std::chrono::duration_cast<Millis>(settings->service.per_host_delay) : k_default_gap;
  request.now = unix_now();

  auto report = discover(request);
  if (!report) {
    std::cerr << "newswatch discover: " << report.error().message << "\n";
    return report.error().kind == ErrorKind::usage ? k_exit_usage : k_exit_failure;
  }
  if (options.add && (options.pick < 1 || static_cast<std::size_t>(options.pick) > report->findings.size())) {
    std::cerr << fmt::format("newswatch discover: --pick {} is not one of the {} sources listed\n", options.pick,
                             report->findings.size());
    return k_exit_usage;
  }
  const std::vector<std::string> names = block_names(*report, options, configs);
  if (options.json)
    print_json(*report, names, request.now);
  else
    print_text(*report, names, request.now);
  if (!options.add)
    return std::any_of(names.begin(), names.end(), [](auto& n) { return !n.empty(); }) ? k_exit_ok : k_exit_failure;
  return add_picked(*report, names, options, configs);
}

}  // namespace newswatch
