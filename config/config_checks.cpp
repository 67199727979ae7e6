// Checks across sections, run after every section is read: names must be
// unique per kind (the second one is reported, pointing back at the first),
// and a watch may name only sites and notifiers that exist. The query
// validator runs here too because a query may refer to [aliases].

#include <fmt/format.h>
#include <cctype>
#include <map>

#include "config/config_sections.h"

namespace newswatch::config_detail {
namespace {

toml::source_position position_of(const toml::table& table, std::string_view key) {
  const toml::node* node = table.get(key);
  return node ? node->source().begin : table.source().begin;
}

// Reports the second and later uses of each name; `kind` is "site", "watch" or "notifier".
template <class Entry>
void check_unique(const std::vector<Entry>& entries, const std::vector<const toml::table*>& tables,
                  std::string_view kind, Diagnostics& diags) {
  std::map<std::string, toml::source_position> first;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (entries[i].name.empty()) continue;
    const toml::source_position at = position_of(*tables[i], "name");
    auto [it, inserted] = first.emplace(entries[i].name, at);
    if (!inserted) {
      diags.error(
          at, fmt::format("duplicate {} name '{}' (first defined at line {})", kind, entries[i].name, it->second.line));
    }
  }
}

// Calls fn(value, position) for each string element of table[key].
template <class Fn>
void for_each_string(const toml::table& table, std::string_view key, Fn&& fn) {
  const toml::array* array = table.get_as<toml::array>(key);
  if (!array) return;
  for (const toml::node& element : *array) {
    if (const auto* value = element.as_string()) fn(value->get(), element.source().begin);
  }
}

void check_watch_sites(const Config& config, const toml::table& table, Diagnostics& diags) {
  const toml::array* array = table.get_as<toml::array>("sites");
  const bool several = array && array->size() > 1;
  for_each_string(table, "sites", [&](const std::string& site, const toml::source_position& at) {
    if (site == "*") {
      if (several) diags.error(at, "'*' already means every site: list it alone or list names");
    } else if (!config.find_site(site)) {
      diags.error(at, fmt::format("watch names unknown site '{}'", site));
    }
  });
}

void check_watch_notifiers(const Config& config, const toml::table& table, Diagnostics& diags) {
  std::map<std::string, bool> seen;
  for_each_string(table, "notify", [&](const std::string& name, const toml::source_position& at) {
    if (!config.find_notifier(name)) {
      diags.error(at, fmt::format("watch names unknown notifier '{}'", name));
    } else if (!seen.emplace(name, true).second) {
      diags.error(at, fmt::format("notifier '{}' is listed twice", name));
    }
  });
}

/// [service] operator_notify may name only configured notifiers, each once.
void check_operator_notify(const Config& config, const toml::table& service, Diagnostics& diags) {
  auto check = [&, seen = std::map<std::string, bool>()](const std::string& name,
                                                         const toml::source_position& at) mutable {
    if (!config.find_notifier(name))
      diags.error(at, fmt::format("operator_notify names unknown notifier '{}'", name));
    else if (!seen.emplace(name, true).second)
      diags.error(at, fmt::format("notifier '{}' is listed twice", name));
  };
  if (const auto* one = service.get_as<std::string>("operator_notify")) return check(one->get(), one->source().begin);
  for_each_string(service, "operator_notify", check);
}

}  // namespace

void check_references(const Config& config, const SourceTables& tables, const ConfigValidators& validators,
                      Diagnostics& diags) {
  check_unique(config.sites, tables.sites, "site", diags);
  check_unique(config.watches, tables.watches, "watch", diags);
  check_unique(config.notifiers, tables.notifiers, "notifier", diags);
  if (tables.service) check_operator_notify(config, *tables.service, diags);
  for (std::size_t i = 0; i < config.watches.size(); ++i) {
    const toml::table& table = *tables.watches[i];
    check_watch_sites(config, table, diags);
    check_watch_notifiers(config, table, diags);
    const WatchConfig& watch = config.watches[i];
    if (validators.query && !watch.query.empty()) {
      if (auto problem = validators.query(watch.query, config)) diags.error(position_of(table, "query"), *problem);
    }
    if (validators.query_warnings && !watch.query.empty()) {
      for (const std::string& warning : validators.query_warnings(watch.query, config))
        diags.warning(position_of(table, "query"), fmt::format("watch '{}': {}", watch.name, warning));
    }
  }
}

bool is_http_url(std::string_view url) {
  std::string lower;
  for (char c : url.substr(0, 8)) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::size_t host_at = 0;
  if (lower.starts_with("https://"))
    host_at = 8;
  else if (lower.starts_with("http://"))
    host_at = 7;
  else
    return false;
  if (host_at >= url.size() || url[host_at] == '/' || url[host_at] == ':') return false;
  for (char c : url) {
    if (std::isspace(static_cast<unsigned char>(c)) || std::iscntrl(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

bool is_plain_name(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') return false;
  }
  return true;
}

}  // namespace newswatch::config_detail
