#include "app/site_names.h"

#include <fmt/format.h>

namespace newswatch {

std::optional<std::string> unknown_site_error(std::string_view command, const std::vector<std::string>& names,
                                              const Config& config) {
  for (const std::string& name : names) {
    if (config.find_site(name)) continue;
    std::string configured;
    for (const SiteConfig& site : config.sites) configured += (configured.empty() ? "" : ", ") + site.name;
    return fmt::format("newswatch {}: no site '{}' in {}; configured: {}", command, name, config.path.string(),
                       configured.empty() ? "none" : configured);
  }
  return std::nullopt;
}

}  // namespace newswatch
