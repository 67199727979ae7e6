#include "app/extract_explain.h"

#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "app/app_config.h"
#include "app/cli.h"
#include "config/clock.h"
#include "crawler/charset.h"
#include "crawler/discovery_candidates.h"
#include "extractors/auto.h"

namespace newswatch {

std::string decode_saved_page(std::string_view bytes) {
  return to_utf8(bytes, "");
}

std::optional<std::string> page_url_from_page(std::string_view html) {
  auto stated = stated_page_url(html);
  if (!stated) {
    std::cerr << "newswatch extract: give the page's address with --url URL: the page states none "
                 "(no <link rel=canonical> or og:url), and links are judged against it\n";
    return std::nullopt;
  }
  std::cerr << "newswatch extract: no --url: reading the page as " << *stated
            << " (the address it states in <link rel=canonical> or og:url)\n";
  return stated;
}

int cmd_extract_explain(const std::string& name, const std::optional<std::string>& page_url, const std::string& file,
                        const std::optional<std::filesystem::path>& config_path) {
  std::string extractor = name, url = page_url.value_or("");
  ExtractOptions options;
  options.dates.now = unix_now();
  if (config_path) {
    Config config = *load_app_config(*config_path);  // throws ConfigError, reported by run_cli
    const SiteConfig* site = config.find_site(name);
    if (!site) {
      std::cerr << "newswatch extract: no site '" << name << "' in " << config_path->string() << "\n";
      return k_exit_usage;
    }
    extractor = site->extractor;
    if (!page_url) url = site->url;
    if (!site->utc_offset.empty()) options.dates.utc_offset = site->utc_offset;
    options.dates.format = site->date_format;
  }
  if (extractor != "auto") {
    std::cerr << "newswatch extract: --explain is for the auto extractor, not \"" << extractor << "\"\n";
    return k_exit_usage;
  }
  std::string bytes;
  if (file == "-") {
    bytes.assign(std::istreambuf_iterator<char>(std::cin), {});
  } else {
    std::ifstream in(file, std::ios::binary);
    if (!in || std::filesystem::is_directory(file)) {
      std::cerr << "newswatch extract: cannot read " << file << "\n";
      return k_exit_failure;
    }
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  const std::string html = decode_saved_page(bytes);
  if (url.empty()) {
    auto stated = page_url_from_page(html);
    if (!stated) return k_exit_usage;
    url = *stated;
  }
  auto report = explain_auto(html, url, options);
  if (!report) {
    std::cerr << "newswatch extract: " << report.error().message << "\n";
    return k_exit_failure;
  }
  std::cout << *report;
  return k_exit_ok;
}

}  // namespace newswatch
