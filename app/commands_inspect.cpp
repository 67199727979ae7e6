// The read-only commands: check-config, extract, items, match, status, alerts.
// They open the database directly on the calling thread (the service is not
// involved), read-only: a missing file is reported, never created, and no
// migration runs. WAL lets them read while a running service writes. They need
// no secrets: a KEY_env / KEY_file the shell cannot read is not read at all.

#include <chrono>
#include <ctime>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "alerts/delivery.h"
#include "alerts/matcher.h"
#include "alerts/query.h"
#include "app/app_config.h"
#include "app/cli.h"
#include "app/commands.h"
#include "app/item_search.h"
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

/// Opens the configured database read-only or prints why not (exit code in the error path).
std::unique_ptr<Store> open_store_or_report(const Config& config) {
  auto store = open_sqlite_store(config.service.database, StoreAccess::read_only);
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
  for (const ConfigDiagnostic& warning : secret_warnings(*config)) std::cout << warning.to_string() << "\n";
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

namespace {

/// Prints one row of `items`.
void print_item(const StoredItem& stored, bool json) {
  if (json) {
    auto j = to_json(stored.item);
    j["first_seen"] = format_time(stored.first_seen);
    j["story"] = stored.story_id;
    std::cout << j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
  } else {
    std::cout << fmt::format("{}  {:<12} {}\n    {}\n", format_time(stored.first_seen), stored.item.site,
                             stored.item.title, stored.item.url);
  }
}

/// The parsed query, or the usage error printed as "newswatch COMMAND: bad query: ...".
std::optional<Query> parse_query_or_report(const std::string& command, const std::string& text, const Config& config) {
  if (auto problem = query_error(text, config.aliases)) {
    std::cerr << "newswatch " << command << ": bad query: " << *problem << "\n";
    return std::nullopt;
  }
  auto query = Query::parse(text, config.aliases);
  if (!query) {
    std::cerr << "newswatch " << command << ": bad query: " << query.error().message << "\n";
    return std::nullopt;
  }
  for (const auto& warning : query->warnings())  // parses, but may not mean what it says
    std::cerr << "newswatch " << command << ": warning: " << warning.to_string() << "\n";
  return std::move(*query);
}

}  // namespace

int cmd_items(const std::filesystem::path& path, const ItemsOptions& options) {
  auto config = load_app_config(path);
  ItemQuery query;
  query.site = options.site;
  query.limit = options.limit;
  if (options.since) {
    auto window = parse_duration(*options.since);
    if (!window) {
      std::cerr << "newswatch items: bad duration '" << *options.since << "' (use e.g. \"90s\", \"10m\", \"1d\")\n";
      return k_exit_usage;
    }
    query.since = unix_now() - window->count();
  }
  std::optional<Query> match;
  if (options.match) {
    match = parse_query_or_report("items", *options.match, *config);
    if (!match) return k_exit_usage;
  }
  auto store = open_store_or_report(*config);
  if (!store) return k_exit_failure;
  if (!match) {
    auto items = store->items(query);
    if (!report(items)) return k_exit_failure;
    for (const StoredItem& stored : *items) print_item(stored, options.json);
    return k_exit_ok;
  }
  if (options.limit <= 0) return k_exit_ok;
  int shown = 0;
  query.limit = 1000;  // page size: every stored item is searched, not only the newest
  auto searched = for_each_match(*store, query, *match, [&](const StoredItem& stored, const auto&) {
    print_item(stored, options.json);
    return ++shown < options.limit;
  });
  return report(searched) ? k_exit_ok : k_exit_failure;
}

int cmd_match(const std::filesystem::path& path, const std::string& text) {
  auto config = load_app_config(path);
  auto query = parse_query_or_report("match", text, *config);
  if (!query) return k_exit_usage;
  auto store = open_store_or_report(*config);
  if (!store) return k_exit_failure;
  int matched = 0;
  ItemQuery scope;
  scope.limit = 1000;  // page size
  auto searched = for_each_match(*store, scope, *query, [&](const StoredItem& stored, const auto& terms) {
    ++matched;
    std::string why;
    for (const std::string& term : terms) why += (why.empty() ? "" : ", ") + term;
    std::cout << fmt::format("{}  {:<12} {}\n    {}\n    matched: {}\n", format_time(stored.first_seen),
                             stored.item.site, stored.item.title, stored.item.url, why);
    return true;
  });
  if (!report(searched)) return k_exit_failure;
  auto total = store->item_count();
  if (!report(total)) return k_exit_failure;
  std::cout << fmt::format("{} of {} stored items match\n", matched, *total);
  return k_exit_ok;
}

int cmd_status(const std::filesystem::path& path, bool json) {
  auto config = load_app_config(path);
  auto store = open_store_or_report(*config);
  if (!store) return k_exit_failure;
  auto counts = store->outbox_counts();
  if (!report(counts)) return k_exit_failure;
  nlohmann::ordered_json out;
  out["database"] = config->service.database;
  out["sites"] = nlohmann::ordered_json::array();
  if (!json) std::cout << "database " << config->service.database << "\n";
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
                               {"delivery", a.delivery_id},
                               {"state", to_string(a.state)},
                               {"watch", a.watch},
                               {"watches", alert_watches(a)},
                               {"notifier", a.notifier},
                               {"attempts", a.attempts},
                               {"matched", a.matched},
                               {"created", format_time(a.created_at)},
                               {"next_attempt", format_time(a.next_attempt_at)},
                               {"sent", format_time(a.sent_at)},
                               {"last_error", a.last_error},
                               {"held", a.held_reason},
                               {"item", to_json(a.item)}};
      std::cout << j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
    } else {
      std::cout << fmt::format("#{:<5} {:<7} {:<16} -> {:<14} tries {}  {}\n       {}{}{}\n", a.id, to_string(a.state),
                               watch_names(a), a.notifier, a.attempts, a.item.title, a.item.url,
                               a.held_reason.empty() ? "" : "\n       held: " + a.held_reason,
                               a.last_error.empty() ? "" : "\n       last error: " + a.last_error);
    }
  }
  return k_exit_ok;
}

}  // namespace newswatch
