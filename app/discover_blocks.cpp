#include "app/discover_blocks.h"

#include <fmt/format.h>

#include "extractors/url.h"

namespace newswatch {
namespace {

bool name_taken(const std::vector<const Config*>& configs, const std::string& name) {
  for (const Config* config : configs)
    if (config && config->find_site(name)) return true;
  return false;
}

/// The host reduced to what config names allow (letters, digits, '-', '_', '.'); "site" when nothing is left.
std::string name_stem(const std::string& url) {
  std::string host = url_host(url);
  if (host.rfind("www.", 0) == 0) host.erase(0, 4);
  std::string stem;
  for (char c : host) stem += std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' ? c : '-';
  return stem.empty() ? "site" : stem;
}

}  // namespace

std::string discovered_site_name(const Finding& finding, const std::vector<const Config*>& configs) {
  const std::string base = name_stem(finding.candidate.url) + "-" + to_string(finding.candidate.kind);
  std::string name = base;
  for (int n = 2; name_taken(configs, name); ++n) name = fmt::format("{}-{}", base, n);
  return name;
}

std::string toml_string(const std::string& text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    if (c == '"' || c == '\\')
      out += std::string("\\") + static_cast<char>(c);
    else if (c < 0x20 || c == 0x7f)
      out += fmt::format("\\u{:04X}", c);
    else
      out += static_cast<char>(c);
  }
  return out + "\"";
}

std::string site_block(const std::string& name, const Finding& finding) {
  std::string block =
      fmt::format("[[site]]\nname = {}\nurl = {}\nextractor = \"{}\"\ninterval = \"{}\"\n", toml_string(name),
                  toml_string(finding.candidate.url), extractor_for(finding.candidate.kind), k_discovered_interval);
  // A suggestion, not a setting: each title is one more request to the site per crawl.
  if (finding.candidate.kind == SourceKind::sitemap && finding.untitled > 0)
    block += fmt::format("# fetch_titles = true  # {} recent entries have no news:title; their link stands in\n",
                         finding.untitled);
  return block;
}

const SiteConfig* site_with_url(const std::vector<const Config*>& configs, const std::string& url) {
  for (const Config* config : configs)
    if (config)
      for (const SiteConfig& site : config->sites)
        if (site.url == url) return &site;
  return nullptr;
}

}  // namespace newswatch
