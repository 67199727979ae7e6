// extract: one extractor on a saved page, its items printed as JSON Lines. It is
// the first thing tried on a new site, so every way it can come up empty says
// why in one plain line: a directory or unreadable file (the OS's reason, not an
// exception's text), a --site that is not configured (the names that are), or a
// page with no items (exit 1, with the two usual causes as a hint).

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "app/app_config.h"
#include "app/cli.h"
#include "app/commands.h"
#include "app/extract_explain.h"
#include "app/site_names.h"
#include "config/c_handle.h"
#include "config/clock.h"
#include "config/config.h"
#include "extractors/extractor.h"

namespace newswatch {
namespace {

using File = std::unique_ptr<std::FILE, Free<std::fclose>>;

/// Reads the saved page from `file` (or stdin for "-") into `html`; on failure prints why and returns the exit code.
int read_page(const std::string& file, std::string& html) {
  std::error_code ignored;
  if (file != "-" && std::filesystem::is_directory(file, ignored)) {
    std::cerr << "newswatch extract: " << file << " is a directory, not an HTML file\n";
    return k_exit_usage;
  }
  File owned(file == "-" ? nullptr : std::fopen(file.c_str(), "rb"));
  std::FILE* in = file == "-" ? stdin : owned.get();
  if (!in) {
    std::cerr << "newswatch extract: cannot read " << file << ": " << std::strerror(errno) << "\n";
    return k_exit_failure;
  }
  char buffer[1 << 16];
  while (std::size_t n = std::fread(buffer, 1, sizeof buffer, in)) html.append(buffer, n);
  if (std::ferror(in)) {
    std::cerr << "newswatch extract: cannot read " << (file == "-" ? "stdin" : file) << ": " << std::strerror(errno)
              << "\n";
    return k_exit_failure;
  }
  return k_exit_ok;
}

/// The item's JSON object with who read it: the configured site's name ("" for a bare extractor) and the extractor.
std::string extracted_line(const Item& item, const std::string& site, const std::string& extractor) {
  nlohmann::ordered_json j;
  j["site"] = site;
  j["extractor"] = extractor;
  const nlohmann::ordered_json fields = to_json(item);
  for (const auto& [key, value] : fields.items())
    if (key != "site") j[key] = value;
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

void explain_no_items(const std::string& name, const SiteConfig* site, const std::string& file) {
  const std::string page = file == "-" ? "stdin" : file;
  if (site)
    std::cerr << "newswatch extract: no items found in " << page << " by site '" << name << "' (extractor "
              << site->extractor << ")\n";
  else
    std::cerr << "newswatch extract: no items found in " << page << " by extractor '" << name << "'\n";
  std::cerr << "newswatch extract: hint: wrong --site for this page? A page that builds its list with JavaScript "
               "has no items in its saved HTML: copy the rendered page from the browser's devtools instead\n";
}

}  // namespace

int cmd_extract(const std::string& name, const std::optional<std::string>& page_url, const std::string& file,
                const std::optional<std::filesystem::path>& config_path) {
  // With -c, --site names a configured site: its extractor (css included), URL, timezone and date_format.
  std::optional<Config> config;
  const SiteConfig* site = nullptr;
  if (config_path) {
    config = *load_app_config(*config_path);  // throws ConfigError, reported by run_cli
    if (auto unknown = unknown_site_error("extract", {name}, *config)) {
      std::cerr << *unknown << "\n";
      return k_exit_usage;
    }
    site = config->find_site(name);
  }
  auto extractor = site ? make_extractor(site->extractor, site->selectors) : make_extractor(name);
  if (!extractor) {
    std::cerr << "newswatch extract: " << extractor.error().message << "\n";
    return k_exit_usage;
  }
  std::string html;
  if (int failed = read_page(file, html)) return failed;
  // As the crawler reads it: a page by BOM, <meta charset>, else detection; a feed or sitemap (gzip too) decodes
  // itself.
  if (!(*extractor)->reads_xml()) html = decode_saved_page(html);
  std::string url = page_url.value_or(site ? site->url : std::string(default_page_url(name)));
  if (url.empty() && !(*extractor)->reads_xml()) {
    auto stated = page_url_from_page(html);  // links and "is this an article on this site?" need the page's address
    if (!stated) return k_exit_usage;
    url = *stated;
  }
  ExtractOptions options;
  options.dates.now = unix_now();  // a saved page's "37 min ago" counts from now
  if (site && !site->utc_offset.empty()) options.dates.utc_offset = site->utc_offset;
  if (site) options.dates.format = site->date_format;
  if (site) options.sitemap = site->sitemap;
  ExtractReport notes;
  auto items = (*extractor)->extract_with(html, url, options, &notes);
  if (!items) {
    std::cerr << "newswatch extract: " << items.error().message << "\n";
    return k_exit_failure;
  }
  for (const std::string& child : notes.follow_ups)  // a sitemap index: the news is in the children a crawl reads
    std::cerr << "newswatch extract: sitemap index: a crawl reads child " << child << "\n";
  if (items->empty()) {
    explain_no_items(name, site, file);
    return k_exit_failure;
  }
  const std::string extractor_name = site ? site->extractor : name;
  for (const Item& item : *items) std::cout << extracted_line(item, site ? site->name : "", extractor_name) << "\n";
  if (notes.dates_parsed == 0 && !notes.dates_unparsed.empty())
    std::cerr << "newswatch extract: dates did not parse, e.g. \"" << notes.dates_unparsed.front() << "\"\n";
  return k_exit_ok;
}

}  // namespace newswatch
