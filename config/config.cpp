// The loader's entry points. A config is read in three passes: TOML syntax
// (toml++ stops at the first syntax error, so that is reported alone), then
// every section with its types, ranges and unknown keys, then the references
// between sections. All problems of the last two passes are collected and
// thrown together as one ConfigError, ordered by position in the file.

#include "config/config.h"

#include <fmt/format.h>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>

#include "config/config_sections.h"
#include "config/toml_reader.h"

namespace newswatch {
namespace {

std::string join_diagnostics(const std::vector<ConfigDiagnostic>& diagnostics) {
  std::string text;
  for (const ConfigDiagnostic& diagnostic : diagnostics) {
    if (!text.empty()) text += '\n';
    text += diagnostic.to_string();
  }
  return text;
}

}  // namespace

void Config::index_sites() {
  site_index.positions.clear();
  site_index.positions.reserve(sites.size());
  for (std::size_t i = 0; i < sites.size(); ++i) site_index.positions.try_emplace(sites[i].name, i);
  site_index.covers = sites.size();
}

const SiteConfig* Config::find_site(std::string_view name) const {
  if (site_index.covers == sites.size()) {
    auto found = site_index.positions.find(name);
    if (found == site_index.positions.end()) return nullptr;
    if (sites[found->second].name == name) return &sites[found->second];
  }
  // Not indexed, or edited since: the scan is always right.
  for (const SiteConfig& site : sites) {
    if (site.name == name) return &site;
  }
  return nullptr;
}

const WatchConfig* Config::find_watch(std::string_view name) const {
  for (const WatchConfig& watch : watches) {
    if (watch.name == name) return &watch;
  }
  return nullptr;
}

const NotifierConfig* Config::find_notifier(std::string_view name) const {
  for (const NotifierConfig& notifier : notifiers) {
    if (notifier.name == name) return &notifier;
  }
  return nullptr;
}

std::string ConfigDiagnostic::to_string() const {
  // Problems with the file as a whole (unreadable) have no position.
  const char* severity = warning ? "warning" : "error";
  if (line <= 0) return fmt::format("{}: {}: {}", file, severity, message);
  return fmt::format("{}:{}:{}: {}: {}", file, line, column, severity, message);
}

ConfigError::ConfigError(std::vector<ConfigDiagnostic> diagnostics)
    : std::runtime_error(join_diagnostics(diagnostics)), m_diagnostics(std::move(diagnostics)) {}

Config parse_config(std::string_view text, const std::string& name, const ConfigValidators& validators) {
  config_detail::Diagnostics diags(name);
  toml::table root;
  try {
    root = toml::parse(text, std::string_view(name));
  } catch (const toml::parse_error& error) {
    diags.error(error.source(), std::string(error.description()));
    throw ConfigError(diags.take());
  }
  Config config;
  config.path = name;
  const config_detail::SourceTables tables = config_detail::read_sections(root, validators, diags, config);
  config.index_sites();  // before the reference checks, which look sites up by name
  config_detail::check_references(config, tables, validators, diags);
  config_detail::warn_about_setup(root, config, tables, diags);
  if (!diags.empty()) throw ConfigError(diags.take());
  config.warnings = diags.take_warnings();
  return config;
}

Config load_config(const std::filesystem::path& path, const ConfigValidators& validators) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw ConfigError(
        {ConfigDiagnostic{path.string(), 0, 0, fmt::format("cannot read config file: {}", std::strerror(errno))}});
  }
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return parse_config(text, path.string(), validators);
}

std::filesystem::path resolve_config_path(const std::optional<std::string>& cli_path) {
  if (cli_path && !cli_path->empty()) return *cli_path;
  if (const char* env = std::getenv("NEWSWATCH_CONFIG"); env && *env) return env;
  const std::filesystem::path system_path = "/etc/newswatch/newswatch.toml";
  std::error_code ignored;
  if (std::filesystem::exists(system_path, ignored)) return system_path;
  return "config/newswatch.toml";
}

}  // namespace newswatch
