// The top level of the loader: which sections exist, [[site]], [[watch]] and
// [aliases]. Every reader fills what it can and records what is wrong, so one
// run reports every problem; an invalid entry is still kept in the Config so
// later checks (a watch naming that site) do not report follow-on errors.

#include "config/config_sections.h"

#include <algorithm>

#include <fmt/format.h>

namespace newswatch::config_detail {
namespace {

// Calls fn for each table of the array-of-tables `key` ([[site]], ...).
template <class Fn>
void for_each_table(const toml::table& root, std::string_view key, Diagnostics& diags, Fn&& fn) {
  const toml::node* node = root.get(key);
  if (!node) return;
  const toml::array* array = node->as_array();
  if (!array || (!array->empty() && !array->is_array_of_tables())) {
    diags.error(node->source(), fmt::format("'{}' must be an array of tables ([[{}]]), got {}", key, key,
                                            array ? "an array of other values" : type_name(*node)));
    return;
  }
  for (const toml::node& element : *array) fn(*element.as_table());  // empty: none of them
}

std::optional<SelectorConfig> read_selectors(const toml::table& table, Diagnostics& diags) {
  TableReader reader(table, "[site.selectors]", {"item", "title", "link", "summary", "published", "authors", "tags"},
                     diags);
  SelectorConfig selectors;
  bool ok = true;
  const auto take = [&](std::string_view key, std::string& out, bool required) {
    const toml::node* before = reader.find(key);
    if (auto value = reader.string(key, required)) {
      out = std::move(*value);
    } else if (before || required) {
      ok = false;
    }
  };
  take("item", selectors.item, true);
  take("title", selectors.title, true);
  take("link", selectors.link, true);
  take("summary", selectors.summary, false);
  take("published", selectors.published, false);
  take("authors", selectors.authors, false);
  take("tags", selectors.tags, false);
  reader.report_unknown_keys();
  if (!ok) return std::nullopt;
  return selectors;
}

void read_site_selectors(TableReader& reader, SiteConfig& site, const ConfigValidators& validators) {
  const bool is_css = site.extractor == "css";
  if (!reader.find("selectors")) {
    if (is_css) reader.error("extractor", "extractor \"css\" needs a [site.selectors] table with item, title and link");
    return;
  }
  const toml::table* table = reader.subtable("selectors");
  if (!table) return;
  if (!is_css) {
    reader.error("selectors",
                 fmt::format("[site.selectors] applies only to extractor = \"css\", not \"{}\"", site.extractor));
    return;
  }
  site.selectors = read_selectors(*table, reader.diagnostics());
  if (site.selectors && validators.selectors) {
    // One problem a line; "selectors.FIELD: ..." is reported at that key's own position.
    auto problems = validators.selectors(*site.selectors);
    for (size_t start = 0; problems && start < problems->size();) {
      size_t end = std::min(problems->find('\n', start), problems->size());
      std::string line = problems->substr(start, end - start);
      start = end + 1;
      const toml::node* key = nullptr;
      if (line.rfind("selectors.", 0) == 0) key = table->get(line.substr(10, line.find(':') - 10));
      if (key)
        reader.diagnostics().error(key->source(), line);
      else
        reader.error("selectors", line);
    }
  }
}

// A `timezone` as a fixed offset: "+09:00" as written, or a named zone without DST.
std::optional<std::string> zone_offset(const std::string& zone) {
  static constexpr std::pair<std::string_view, std::string_view> k_zones[] = {
      {"UTC", "+00:00"},           {"Etc/UTC", "+00:00"},
      {"GMT", "+00:00"},           {"Asia/Seoul", "+09:00"},
      {"Asia/Tokyo", "+09:00"},    {"Asia/Pyongyang", "+09:00"},
      {"Asia/Shanghai", "+08:00"}, {"Asia/Hong_Kong", "+08:00"},
      {"Asia/Taipei", "+08:00"},   {"Asia/Singapore", "+08:00"},
      {"Asia/Kolkata", "+05:30"},  {"Asia/Dubai", "+04:00"}};
  for (auto [name, offset] : k_zones)
    if (zone == name) return std::string(offset);
  bool fixed = zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':';
  for (size_t i : {1u, 2u, 4u, 5u}) fixed = fixed && i < zone.size() && zone[i] >= '0' && zone[i] <= '9';
  if (fixed && zone.substr(1, 2) <= "23" && zone.substr(4, 2) <= "59") return zone;
  return std::nullopt;
}

void read_site_dates(TableReader& reader, SiteConfig& site) {
  if (auto format = reader.string("date_format", false)) {
    if (format->find('%') == std::string::npos)
      reader.error("date_format",
                   fmt::format("'date_format' needs strptime fields such as %Y %m %d, got '{}'", *format));
    site.date_format = std::move(*format);
  }
  if (auto zone = reader.string("timezone", false)) {
    if (auto offset = zone_offset(*zone))
      site.utc_offset = *offset;
    else
      reader.error("timezone", fmt::format("'timezone' must be an offset like \"+09:00\" or a zone without daylight "
                                           "saving (Asia/Seoul, Asia/Tokyo, UTC, ...), got '{}'",
                                           *zone));
  }
}

// A string value as the file spells it ("10m"), or "" when the key is absent or not a string.
std::string as_written(const TableReader& reader, std::string_view key) {
  const toml::node* node = reader.find(key);
  const toml::value<std::string>* text = node ? node->as_string() : nullptr;
  return text ? text->get() : std::string();
}

// interval = "auto" takes min_interval / max_interval (min <= max) and starts at min_interval; a fixed
// interval refuses them, so a user who forgot "auto" is told instead of silently polling at a fixed rate.
void read_auto_interval(TableReader& reader, SiteConfig& site) {
  site.auto_interval = true;
  site.interval_text = "auto";
  if (auto min = reader.duration("min_interval")) {
    site.min_interval = *min;
    site.min_interval_text = as_written(reader, "min_interval");
  }
  if (auto max = reader.duration("max_interval")) {
    site.max_interval = *max;
    site.max_interval_text = as_written(reader, "max_interval");
  }
  if (site.min_interval > site.max_interval)
    reader.error(reader.find("min_interval") ? "min_interval" : "max_interval",
                 fmt::format("'min_interval' ({}) must not exceed 'max_interval' ({})",
                             duration_as_written(site.min_interval_text, site.min_interval),
                             duration_as_written(site.max_interval_text, site.max_interval)));
  site.interval = site.min_interval;
}

void read_site_interval(TableReader& reader, SiteConfig& site) {
  const toml::node* interval = reader.find("interval");
  if (interval && interval->as_string() && interval->as_string()->get() == "auto") {
    read_auto_interval(reader, site);
  } else {
    if (auto fixed = reader.duration("interval")) {
      site.interval = *fixed;
      site.interval_text = as_written(reader, "interval");
    }
    for (std::string_view key : {"min_interval", "max_interval"})
      if (reader.find(key)) reader.error(key, fmt::format("'{}' applies only to interval = \"auto\"", key));
  }
  if (auto jitter = reader.duration("jitter")) {
    site.jitter = *jitter;
    site.jitter_text = as_written(reader, "jitter");
    const char* bound = site.auto_interval ? "min_interval" : "interval";
    if (site.jitter >= site.interval) {
      reader.error("jitter", fmt::format("'jitter' ({}) must be less than '{}' ({})", format_duration(site.jitter),
                                         bound, format_duration(site.interval)));
    }
  }
}

SiteConfig read_site(const toml::table& table, const ConfigValidators& validators, Diagnostics& diags) {
  TableReader reader(table, "[[site]]",
                     {"name", "url", "extractor", "interval", "min_interval", "max_interval", "jitter", "max_items",
                      "selectors", "date_format", "timezone", "recent", "max_children", "fetch_titles",
                      "max_title_fetches", "fetch_articles", "article_timeout", "max_article_fetches"},
                     diags);
  SiteConfig site;
  read_name(reader, site.name);
  if (auto url = reader.string("url", true)) {
    if (!is_http_url(*url))
      reader.error("url", fmt::format("'url' must be an http:// or https:// URL, got '{}'", *url));
    site.url = std::move(*url);
  }
  if (auto extractor = reader.string("extractor")) {  // none named: "auto"
    if (validators.extractor) {
      if (auto problem = validators.extractor(*extractor)) reader.error("extractor", *problem);
    }
    site.extractor = std::move(*extractor);
  }
  read_site_interval(reader, site);
  if (auto max_items = reader.integer("max_items", 1, 10000)) site.max_items = static_cast<int>(*max_items);
  read_site_selectors(reader, site, validators);
  read_site_dates(reader, site);
  read_site_sitemap(reader, site);
  read_site_articles(reader, site);
  reader.report_unknown_keys();
  return site;
}

WatchConfig read_watch(const toml::table& table, const ConfigValidators& validators, Diagnostics& diags) {
  TableReader reader(table, "[[watch]]",
                     {"name", "query", "sites", "notify", "once_per_story", "fetch_articles", "quiet", "priority"},
                     diags);
  WatchConfig watch;
  read_name(reader, watch.name);
  if (auto query = reader.string("query", true)) watch.query = std::move(*query);
  if (auto sites = reader.strings("sites")) {
    if (sites->empty())
      reader.error("sites", "'sites' is empty, so the watch would match nothing (omit it for all sites)");
    watch.sites = std::move(*sites);
  }
  if (auto notify = reader.strings("notify")) watch.notify = std::move(*notify);
  if (auto once = reader.boolean("once_per_story")) watch.once_per_story = *once;
  if (auto fetch = reader.boolean("fetch_articles")) watch.fetch_articles = *fetch;
  read_watch_quiet(reader, watch, validators);
  reader.report_unknown_keys();
  return watch;
}

void read_aliases(const toml::node& node, Diagnostics& diags, Config& config) {
  const toml::table* table = node.as_table();
  if (!table) {
    diags.error(node.source(), fmt::format("'aliases' must be a table, got {}", type_name(node)));
    return;
  }
  // Every key is a user's name, so there are no unknown keys to report.
  TableReader reader(*table, "[aliases]", {}, diags);
  for (auto&& [key, value] : *table) {
    auto forms = reader.strings(key.str());
    if (!forms) continue;
    if (forms->empty()) reader.error(key.str(), fmt::format("alias '{}' lists no other forms", key.str()));
    config.aliases[std::string(key.str())] = std::move(*forms);
  }
}

}  // namespace

void read_name(TableReader& reader, std::string& out) {
  if (auto name = reader.string("name", true)) {
    if (!is_plain_name(*name)) {
      reader.error("name", fmt::format("name '{}' may use only letters, digits, '-', '_' and '.'", *name));
    }
    out = std::move(*name);
  }
}

SourceTables read_sections(const toml::table& root, const ConfigValidators& validators, Diagnostics& diags,
                           Config& config) {
  TableReader top(root, "the top level", {"service", "site", "aliases", "watch", "notify"}, diags);
  top.report_unknown_keys();
  SourceTables tables;
  if (root.get("service")) {
    if (const toml::table* table = top.subtable("service")) {
      config.service = read_service(*table, diags);
      tables.service = table;
    }
  }
  config.service.database = resolve_database(config.service.database, config.path);  // the default too
  config.service.password_file = resolve_password_file(config.service.password_file, config.path);
  for_each_table(root, "site", diags, [&](const toml::table& table) {
    config.sites.push_back(read_site(table, validators, diags));
    tables.sites.push_back(&table);
  });
  if (const toml::node* aliases = root.get("aliases")) read_aliases(*aliases, diags, config);
  for_each_table(root, "notify", diags, [&](const toml::table& table) {
    config.notifiers.push_back(read_notifier(table, diags));
    tables.notifiers.push_back(&table);
  });
  for_each_table(root, "watch", diags, [&](const toml::table& table) {
    config.watches.push_back(read_watch(table, validators, diags));
    tables.watches.push_back(&table);
  });
  apply_watch_article_fetching(config);
  return tables;
}

}  // namespace newswatch::config_detail
