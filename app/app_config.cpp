#include "app/app_config.h"

#include "alerts/quiet_hours.h"

#include "alerts/matcher.h"
#include "extractors/extractor.h"

namespace newswatch {

ConfigValidators stage_validators() {
  ConfigValidators validators;
  validators.extractor = [](std::string_view name) -> std::optional<std::string> {
    for (std::string_view known : extractor_names())
      if (known == name) return std::nullopt;
    std::string message = "unknown extractor '" + std::string(name) + "' (known:";
    for (std::string_view known : extractor_names()) message += " " + std::string(known);
    return message + ")";
  };
  validators.selectors = [](const SelectorConfig& selectors) { return validate_selectors(selectors); };
  validators.query = [](std::string_view query, const Config& config) { return query_error(query, config.aliases); };
  validators.query_warnings = [](std::string_view query, const Config& config) {
    std::vector<std::string> sites;
    for (const SiteConfig& site : config.sites) sites.push_back(site.name);
    return query_warnings(query, config.aliases, sites);
  };
  validators.time_zone = [](std::string_view zone) { return time_zone_error(zone); };
  return validators;
}

std::shared_ptr<const Config> load_app_config(const std::filesystem::path& path) {
  return std::make_shared<const Config>(load_config(path, stage_validators()));
}

}  // namespace newswatch
