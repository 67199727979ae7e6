// The read-only commands over the database: items, status, alerts (match: commands_match.cpp).
// They open the database directly on the calling thread (the service is not
// involved), read-only: a missing file is reported, never created, and no
// migration runs. WAL lets them read while a running service writes. They need
// no secrets: a KEY_env / KEY_file the shell cannot read is not read at all.

#include <algorithm>
#include <chrono>
#include <ctime>
#include <fstream>
#include <iostream>
#include <iterator>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "alerts/delivery.h"
#include "alerts/matcher.h"
#include "alerts/query.h"
#include "app/app_config.h"
#include "app/cli.h"
#include "app/command_output.h"
#include "app/commands.h"
#include "app/item_search.h"
#include "app/site_names.h"
#include "config/clock.h"
#include "config/config.h"
#include "crawler/adaptive_interval.h"
#include "crawler/lease_keeper.h"
#include "store/store.h"

namespace newswatch {
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

SiteHealth find_health(const std::vector<SiteHealth>& rows, const std::string& site) {
  for (const SiteHealth& row : rows)
    if (row.site == site) return row;
  SiteHealth none;  // never judged: healthy
  none.site = site;
  return none;
}

/// "healthy", "degraded (no items on a 200 page)" or "failing since 2024-05-01 10:00:00Z".
std::string health_column(const SiteHealth& h) {
  if (h.failing) return "failing since " + format_time(h.failing_since);
  if (h.degraded) return "degraded (" + h.degraded_reason + ")";
  return "healthy";
}

nlohmann::ordered_json health_json(const SiteHealth& h) {
  nlohmann::ordered_json j{{"state", health_state(h)}};
  if (h.degraded) j["degraded"] = {{"reason", h.degraded_reason}, {"since", format_time(h.degraded_since)}};
  if (h.failing) j["failing_since"] = format_time(h.failing_since);
  if (h.failing && !h.last_error.empty()) j["failing_error"] = h.last_error;
  j["baseline"] = {{"crawls", h.baseline.crawls},
                   {"items", h.baseline.items},
                   {"date", h.baseline.date},
                   {"summary", h.baseline.summary},
                   {"authors", h.baseline.authors}};
  return j;
}

}  // namespace

int cmd_items(const std::filesystem::path& path, const ItemsOptions& options) {
  if (options.limit < 1) {
    std::cerr << "newswatch items: --limit must be at least 1, got " << options.limit << "\n";
    return k_exit_usage;
  }
  auto config = load_app_config(path);
  if (options.site) {
    if (auto unknown = unknown_site_error("items", {*options.site}, *config)) {
      std::cerr << *unknown << "\n";
      return k_exit_usage;
    }
  }
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
  int shown = 0;
  query.limit = 1000;  // page size: every stored item is searched, not only the newest
  auto searched = for_each_match(*store, query, *match, [&](const StoredItem& stored, const auto&) {
    print_item(stored, options.json);
    return ++shown < options.limit;
  });
  return report(searched) ? k_exit_ok : k_exit_failure;
}

namespace {

/// The interval a site is crawled on: as configured, or for interval = "auto" the one its items earned by its
/// last crawl, and why (the same counts the crawler used then).
Result<std::string> interval_line(Store& store, const SiteConfig& site, const FetchState& state) {
  if (!site.auto_interval) return duration_as_written(site.interval_text, site.interval);
  if (!state.last_crawl_at) return describe(auto_interval(NewItemCount{}, 0, site.min_interval, site.max_interval));
  auto chosen = auto_interval_from_store(store, site, *state.last_crawl_at);
  if (!chosen) return tl::unexpected(chosen.error());
  return describe(*chosen);
}

/// Shared mode: every instance recorded, when it was last seen and the sites it crawls under a lease now;
/// nothing when no process ever ran in shared mode on this database.
bool show_instances(Store& store, bool json, nlohmann::ordered_json& out) {
  auto instances = store.instances();
  if (!report(instances)) return false;
  const std::int64_t now = unix_now();
  auto leases = store.site_leases(now);
  if (!report(leases)) return false;
  if (instances->empty() && leases->empty()) return true;
  // A beat missed twice is a hiccup; three times, the process is likely gone (its leases expire after `[service]
  // lease`).
  const std::int64_t stale_after = 3 * k_heartbeat.count();
  if (!json) std::cout << "instances sharing this database:\n";
  out["instances"] = nlohmann::ordered_json::array();
  std::set<std::string> known;
  for (const InstanceInfo& i : *instances) {
    known.insert(i.id);
    const std::int64_t ago = std::max<std::int64_t>(0, now - i.last_seen);
    const bool live = ago <= stale_after;
    nlohmann::ordered_json held = nlohmann::ordered_json::array();
    for (const SiteLease& lease : *leases)
      if (lease.owner == i.id)
        held.push_back({{"site", lease.site}, {"host", lease.host}, {"until", format_time(lease.lease_until)}});
    out["instances"].push_back({{"id", i.id},
                                {"hostname", i.hostname},
                                {"pid", i.pid},
                                {"version", i.version},
                                {"started", format_time(i.started_at)},
                                {"last_seen", format_time(i.last_seen)},
                                {"seconds_ago", ago},
                                {"live", live},
                                {"leases", held}});
    if (json) continue;
    std::cout << fmt::format("  {}  {} pid {}  last seen {} s ago  {}\n", i.id, i.hostname, i.pid, ago,
                             live ? "live" : "stale (no heartbeat: its leases expire)");
    for (const auto& lease : held)
      std::cout << fmt::format("      crawling {} (host {}) until {}\n", lease["site"].get<std::string>(),
                               lease["host"].get<std::string>(), lease["until"].get<std::string>());
  }
  for (const SiteLease& lease : *leases) {
    if (known.count(lease.owner)) continue;
    out["unrecorded_leases"].push_back({{"site", lease.site},
                                        {"host", lease.host},
                                        {"owner", lease.owner},
                                        {"until", format_time(lease.lease_until)}});
    if (!json)
      std::cout << fmt::format("  {} (not recorded)\n      crawling {} (host {}) until {}\n", lease.owner, lease.site,
                               lease.host, format_time(lease.lease_until));
  }
  return true;
}

}  // namespace

int cmd_status(const std::filesystem::path& path, bool json) {
  auto config = load_app_config(path);
  auto store = open_store_or_report(*config);
  if (!store) return k_exit_failure;
  auto counts = store->outbox_counts();
  if (!report(counts)) return k_exit_failure;
  auto healths = store->site_healths();
  if (!report(healths)) return k_exit_failure;
  nlohmann::ordered_json out;
  out["database"] = loggable_database(config->service.database);
  out["sites"] = nlohmann::ordered_json::array();
  if (!json) std::cout << "database " << loggable_database(config->service.database) << "\n";
  for (const SiteConfig& site : config->sites) {
    auto state = store->fetch_state(site.name);
    if (!report(state)) return k_exit_failure;
    const FetchState& s = *state;
    std::string health = s.last_crawl_at ? (s.health.empty() ? "ok" : s.health) : "never crawled";
    auto interval = interval_line(*store, site, s);
    if (!report(interval)) return k_exit_failure;
    const SiteHealth site_health = find_health(*healths, site.name);
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
                              {"interval", *interval},
                              {"state", health_json(site_health)},
                              {"last_error", s.last_error}});
    } else {
      std::cout << fmt::format("{:<14} {} last {} HTTP {} found {} new {} failures {} next {}\n               {}\n",
                               site.name, health_column(site_health), format_time(s.last_crawl_at), s.last_status,
                               s.items_found, s.items_new, s.consecutive_failures, format_time(s.next_due_at), health);
      if (site.auto_interval) std::cout << fmt::format("               {}\n", *interval);
    }
  }
  if (!show_instances(*store, json, out)) return k_exit_failure;
  const SiteHealth network = find_health(*healths, "");
  if (json) {
    out["network"] = network.failing ? "down since " + format_time(network.failing_since) : "up";
    out["outbox"] = {{"pending", counts->pending}, {"sent", counts->sent}, {"failed", counts->failed}};
    std::cout << out.dump(2) << "\n";
  } else {
    if (network.failing)
      std::cout << "network down since " << format_time(network.failing_since)
                << ": every site fails without an answer\n";
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
