// Warnings about a config that loads but will not do its job yet, so a newcomer
// hears of it from check-config (and the service's log) rather than from silence:
// a user agent that still names example.org (site owners cannot reach the real
// operator), nothing to crawl, no watch to match, or nobody to notify. Each is
// located where the fix goes, or at the file's first line when nothing is there.

#include <fmt/format.h>
#include <algorithm>
#include <cctype>

#include "config/config_sections.h"

namespace newswatch::config_detail {
namespace {

constexpr toml::source_position k_file_start{1, 1};

bool names_example_org(std::string_view agent) {
  std::string lower(agent);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower.find("example.org") != std::string::npos;
}

void warn_about_user_agent(const toml::table& root, const Config& config, Diagnostics& diags) {
  if (!names_example_org(config.service.user_agent)) return;
  const toml::table* service = root.get_as<toml::table>("service");
  const toml::node* written = service ? service->get("user_agent") : nullptr;
  if (written) {
    diags.warning(written->source().begin,
                  "user_agent still names example.org: name a page or address where site owners can reach you");
  } else {
    diags.warning(service ? service->source().begin : k_file_start,
                  fmt::format("no user_agent is set, so every request sends \"{}\": set [service] user_agent to name "
                              "a page or address where site owners can reach you",
                              config.service.user_agent));
  }
}

void warn_about_nothing_to_do(const Config& config, const SourceTables& tables, Diagnostics& diags) {
  if (config.sites.empty()) {
    diags.warning(k_file_start, "no [[site]] is configured: nothing will be crawled or alerted");
  } else if (config.watches.empty()) {
    diags.warning(tables.sites.front()->source().begin,
                  "no [[watch]] is configured: items will be stored, but nothing will be alerted");
  } else if (config.notifiers.empty()) {
    diags.warning(tables.watches.front()->source().begin,
                  "no [[notify]] is configured: watches will match, but nothing will be alerted");
  }
}

}  // namespace

void warn_about_setup(const toml::table& root, const Config& config, const SourceTables& tables, Diagnostics& diags) {
  warn_about_user_agent(root, config, diags);
  warn_about_nothing_to_do(config, tables, diags);
}

}  // namespace newswatch::config_detail
