// The read-only commands: check-config, extract, items, match, status, alerts.
// They open the database directly on the calling thread (the service is not
// involved); WAL lets them read while a running service writes.

#include <chrono>
#include <ctime>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "alerts/matcher.h"
#include "app/app_config.h"
#include "app/cli.h"
#include "app/commands.h"
#include "config/clock.h"
#include "config/config.h"
#include "extractors/extractor.h"
#include "store/store.h"

namespace newswatch {
namespace {

std::string format_time(std::optional<std::int64_t> t) {
  if (!t) return "-";
  std::time_t seconds = static_cast<std::time_t>(*t);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%d %H:%M:%SZ", &tm);
  return buffer;
}

/// Opens the configured database or prints why not (exit code in the error path).
std::unique_ptr<Store> open_store_or_report(const Config& config) {
  auto store = open_sqlite_store(config.service.database);
  if (!store) {
    std::cerr << "newswatch: " << store.error().message << "\n";
    return nullptr;
  }
  return std::move(*store);
}

template <class T>
bool report(const Result<T>& result) {
  if (result) return true;
  std::cerr << "newswatch: " << result.error().message << "\n";
  return false;
}

}  // namespace

int cmd_check_config(const std::filesystem::path& path) {
  auto config = load_app_config(path);
  std::cout << fmt::format("{}: ok: {} sites, {} watches, {} notifiers, {} aliases; database {}\n", path.string(),
                           config->sites.size(), config->watches.size(), config->notifiers.size(),
                           config->aliases.size(), config->service.database);
  for (const ConfigDiagnostic& warning : config->warnings) std::cout << warning.to_string() << "\n";
  for (const SiteConfig& site : config->sites)
    std::cout << fmt::format("  site {} ({}) every {}s: {}\n", site.name, site.extractor, site.interval.count(),
                             site.url);
  for (const WatchConfig& watch : config->watches)
    std::cout << fmt::format("  watch {}: {}\n", watch.name, watch.query);
  return k_exit_ok;
}

int cmd_extract(const std::string& name, const std::optional<std::string>& page_url, const std::string& file,
                const std::optional<std::filesystem::path>& config_path) {
  // With -c, --site names a configured site: its extractor (css included), URL, timezone and date_format.
  std::optional<Config> config;
  const SiteConfig* site = nullptr;
  if (config_path) {
    config = *load_app_config(*config_path);  // throws ConfigError, reported by run_cli
    site = config->find_site(name);
    if (!site) {
      std::cerr << "newswatch extract: no site '" << name << "' in " << config_path->string() << "\n";
      return k_exit_usage;
    }
  }
  auto extractor = site ? make_extractor(site->extractor, site->selectors) : make_extractor(name);
  if (!extractor) {
    std::cerr << "newswatch extract: " << extractor.error().message << "\n";
    return k_exit_usage;
  }
  std::string html;
  if (file == "-") {
    html.assign(std::istreambuf_iterator<char>(std::cin), {});
  } else {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      std::cerr << "newswatch extract: cannot read " << file << "\n";
      return k_exit_failure;
    }
    html.assign(std::istreambuf_iterator<char>(in), {});
  }
  std::string url = page_url.value_or(site ? site->url : std::string(default_page_url(name)));
  ExtractOptions options;
  options.dates.now = unix_now();  // a saved page's "37 min ago" counts from now
  if (site && !site->utc_offset.empty()) options.dates.utc_offset = site->utc_offset;
  if (site) options.dates.format = site->date_format;
  ExtractReport notes;
  auto items = (*extractor)->extract_with(html, url, options, &notes);
  if (!report(items)) return k_exit_failure;
  for (const Item& item : *items) std::cout << to_json_line(item) << "\n";
  if (items->empty())
    std::cerr << "newswatch extract: no items found by " << (site ? "site" : "extractor") << " '" << name << "'\n";
  if (!items->empty() && notes.dates_parsed == 0 && !notes.dates_unparsed.empty())
    std::cerr << "newswatch extract: dates did not parse, e.g. \"" << notes.dates_unparsed.front() << "\"\n";
  return k_exit_ok;
}

int cmd_items(const std::filesystem::path& path, const ItemsOptions& options) {
  auto config = load_app_config(path);
  ItemQuery query;
  query.site = options.site;
  query.limit = options.match ? 100000 : options.limit;  // filter first, then cut
  if (options.since) {
    auto window = parse_duration(*options.since);
    if (!window) {
      std::cerr << "newswatch items: bad duration '" << *options.since << "' (use e.g. \"90s\", \"10m\", \"1d\")\n";
      return k_exit_usage;
    }
    query.since = unix_now() - window->count();
  }
  if (options.match) {
    if (auto problem = query_error(*options.match, config->aliases)) {
      std::cerr << "newswatch items: bad query: " << *problem << "\n";
      return k_exit_usage;
    }
  }
  auto store = open_store_or_report(*config);
  if (!store) return k_exit_failure;
  auto items = store->items(query);
  if (!report(items)) return k_exit_failure;
  int shown = 0;
  for (const StoredItem& stored : *items) {
    if (options.match) {
      auto hit = match_query(*options.match, config->aliases, stored.item.title, stored.item.summary);
      if (!hit || !*hit) continue;
    }
    if (shown++ >= options.limit) break;
    if (options.json) {
      auto j = to_json(stored.item);
      j["first_seen"] = format_time(stored.first_seen);
      j["story"] = stored.story_id;
      std::cout << j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
    } else {
      std::cout << fmt::format("{}  {:<12} {}\n    {}\n", format_time(stored.first_seen), stored.item.site,
                               stored.item.title, stored.item.url);
    }
  }
  return k_exit_ok;
}

int cmd_match(const std::filesystem::path& path, const std::string& query) {
  auto config = load_app_config(path);
  if (auto problem = query_error(query, config->aliases)) {
    std::cerr << "newswatch match: bad query: " << *problem << "\n";
    return k_exit_usage;
  }
  auto store = open_store_or_report(*config);
  if (!store) return k_exit_failure;
  auto items = store->items(ItemQuery{std::nullopt, std::nullopt, 100000});
  if (!report(items)) return k_exit_failure;
  int matched = 0;
  for (const StoredItem& stored : *items) {
    auto hit = match_query(query, config->aliases, stored.item.title, stored.item.summary);
    if (!hit || !*hit) continue;
    ++matched;
    std::string why;
    for (const std::string& term : **hit) why += (why.empty() ? "" : ", ") + term;
    std::cout << fmt::format("{}  {:<12} {}\n    {}\n    matched: {}\n", format_time(stored.first_seen),
                             stored.item.site, stored.item.title, stored.item.url, why);
  }
  std::cout << fmt::format("{} of {} stored items match\n", matched, items->size());
  return k_exit_ok;
}

int cmd_status(const std::filesystem::path& path, bool json) {
  auto config = load_app_config(path);
  auto store = open_store_or_report(*config);
  if (!store) return k_exit_failure;
  auto counts = store->outbox_counts();
  if (!report(counts)) return k_exit_failure;
  nlohmann::ordered_json out;
  out["sites"] = nlohmann::ordered_json::array();
  for (const SiteConfig& site : config->sites) {
    auto state = store->fetch_state(site.name);
    if (!report(state)) return k_exit_failure;
    const FetchState& s = *state;
    std::string health = s.last_crawl_at ? (s.health.empty() ? "ok" : s.health) : "never crawled";
    if (json) {
      out["sites"].push_back({{"site", site.name},
                              {"url", site.url},
                              {"last_crawl", format_time(s.last_crawl_at)},
                              {"last_success", format_time(s.last_success_at)},
                              {"http_status", s.last_status},
                              {"items_found", s.items_found},
                              {"items_new", s.items_new},
                              {"consecutive_failures", s.consecutive_failures},
                              {"next_due", format_time(s.next_due_at)},
                              {"health", health},
                              {"last_error", s.last_error}});
    } else {
      std::cout << fmt::format("{:<14} last {} HTTP {} found {} new {} failures {} next {}\n               {}\n",
                               site.name, format_time(s.last_crawl_at), s.last_status, s.items_found, s.items_new,
                               s.consecutive_failures, format_time(s.next_due_at), health);
    }
  }
  if (json) {
    out["outbox"] = {{"pending", counts->pending}, {"sent", counts->sent}, {"failed", counts->failed}};
    std::cout << out.dump(2) << "\n";
  } else {
    std::cout << fmt::format("outbox: {} pending, {} sent, {} failed\n", counts->pending, counts->sent, counts->failed);
  }
  return k_exit_ok;
}

int cmd_alerts(const std::filesystem::path& path, const std::optional<std::string>& state, bool json) {
  auto config = load_app_config(path);
  auto store = open_store_or_report(*config);
  if (!store) return k_exit_failure;
  std::optional<AlertState> filter;
  if (state) filter = alert_state_from_string(*state);
  auto alerts = store->alerts(filter, 1000);
  if (!report(alerts)) return k_exit_failure;
  for (const Alert& a : *alerts) {
    if (json) {
      nlohmann::ordered_json j{{"id", a.id},
                               {"state", to_string(a.state)},
                               {"watch", a.watch},
                               {"notifier", a.notifier},
                               {"attempts", a.attempts},
                               {"matched", a.matched},
                               {"created", format_time(a.created_at)},
                               {"next_attempt", format_time(a.next_attempt_at)},
                               {"sent", format_time(a.sent_at)},
                               {"last_error", a.last_error},
                               {"item", to_json(a.item)}};
      std::cout << j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
    } else {
      std::cout << fmt::format("#{:<5} {:<7} {:<16} -> {:<14} tries {}  {}\n       {}{}\n", a.id, to_string(a.state),
                               a.watch, a.notifier, a.attempts, a.item.title, a.item.url,
                               a.last_error.empty() ? "" : "\n       last error: " + a.last_error);
    }
  }
  return k_exit_ok;
}

}  // namespace newswatch
