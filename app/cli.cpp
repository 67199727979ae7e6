#include "app/cli.h"

#include <cstdio>
#include <iostream>

#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include "app/commands.h"
#include "app/extract_explain.h"
#include "app/logging.h"
#include "config/config.h"
#include "config/nearest_word.h"

namespace newswatch {
namespace {

struct Options {
  std::optional<std::string> config;
  std::string log_level = "info";
  std::vector<std::string> sites;
  std::string extractor;
  std::optional<std::string> page_url;
  std::string file = "-";
  bool explain = false;
  ItemsOptions items;
  MatchOptions match;
  bool json = false;
  std::optional<std::string> state;
  std::optional<std::int64_t> retry_id;
  bool retry_all = false;
  std::optional<std::string> retry_notifier;
  std::string test_notifier;
  DiscoverOptions discover;
  std::optional<std::string> discover_config, discover_add;
  std::optional<std::string> feed_watch;
  MigrateOptions migrate;
  int feed_limit = 50;
};

void add_config_option(CLI::App& command, Options& options) {
  command.add_option("-c,--config", options.config,
                     "config file (default: $NEWSWATCH_CONFIG, "
                     "/etc/newswatch/newswatch.toml, config/newswatch.toml)");
}

std::filesystem::path config_path(const Options& options) {
  return resolve_config_path(options.config);
}

/// When argv named no command but held a word, the usage error for it: "newswatch: unknown command 'x'"
/// (with the nearest command for a typo) and the list of commands. nullopt when something else was wrong.
std::optional<std::string> unknown_command_error(CLI::App& app) {
  if (!app.get_subcommands().empty()) return std::nullopt;
  for (const std::string& word : app.remaining()) {
    if (word.empty() || word.front() == '-') continue;
    std::vector<std::string_view> names;
    std::string list;
    for (const CLI::App* command : app.get_subcommands({})) {
      names.push_back(command->get_name());
      list += (list.empty() ? "" : ", ") + command->get_name();
    }
    std::string message = "newswatch: unknown command '" + word + "'";
    if (std::string nearest = nearest_word(word, names); !nearest.empty())
      message += " (did you mean '" + nearest + "'?)";
    return message + "\ncommands: " + list + " (newswatch --help says what each does)";
  }
  return std::nullopt;
}

}  // namespace

int run_cli(int argc, char** argv) {
  CLI::App app{"newswatch: watches news sites and alerts on stories that match your watches"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("newswatch ") + NEWSWATCH_VERSION);
  Options o;
  app.add_option("--log-level", o.log_level, "trace, debug, info, warn, error (or $NEWSWATCH_LOG)")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "critical", "off"}));

  auto* run = app.add_subcommand("run", "run the service until SIGTERM/SIGINT (SIGHUP reloads the config)");
  add_config_option(*run, o);
  auto* once = app.add_subcommand("once", "crawl every site (or --site NAME...) once, deliver due alerts, exit");
  add_config_option(*once, o);
  once->add_option("--site", o.sites, "only this site (repeatable)");
  auto* crawl = app.add_subcommand("crawl", "ask the running service to crawl every site (or --site NAME...) now");
  add_config_option(*crawl, o);
  crawl->add_option("--site", o.sites, "only this site (repeatable)");
  auto* extract = app.add_subcommand("extract", "run one extractor on saved HTML and print JSON Lines");
  extract->add_option("--site", o.extractor, "extractor name (nknews, menafn, joongang), or with -c a configured site")
      ->required();
  extract->add_option("-c,--config", o.config, "run this config's site --site (css included), its URL by default");
  extract->add_option("--url", o.page_url, "the page's own URL, for resolving relative links");
  extract->add_option("file", o.file, "HTML file, or - for stdin");
  extract->add_flag("--explain", o.explain, "auto only: what it found and why, and the [site.selectors] to pin it");
  auto* check = app.add_subcommand("check-config", "validate the config; exit 78 listing every problem");
  add_config_option(*check, o);
  auto* items = app.add_subcommand("items", "stored items, newest first");
  add_config_option(*items, o);
  items->add_option("--site", o.items.site, "only this site");
  items->add_option("--since", o.items.since, "first seen within this duration, e.g. 1d");
  items->add_option("--match", o.items.match, "only items matching this query");
  items->add_option("--limit", o.items.limit, "at most this many (at least 1)");  // cmd_items says why 0 is refused
  items->add_flag("--json", o.items.json, "JSON Lines");
  auto* match = app.add_subcommand("match", "dry run of a watch query over stored items");
  add_config_option(*match, o);
  match->add_option("query", o.match.query, "the query (or give --watch)");
  match->add_option("--watch", o.match.watch,
                    "a configured watch: its query, sites and aliases, as the service runs it");
  auto* match_site = match->add_option("--site", o.match.sites, "only stored items of this site (repeatable)");
  auto* match_since = match->add_option("--since", o.match.since, "first seen within this duration, e.g. 1d");
  auto* match_limit = match->add_option("--limit", o.match.limit, "show at most this many (all are counted)")
                          ->check(CLI::PositiveNumber);
  auto* match_json = match->add_flag("--json", o.match.json, "JSON Lines, with the words each term matched");
  auto* match_explain = match->add_flag(
      "--explain", o.match.explain, "per hit: every part of the query, the field each term matched in, the snippet");
  match->add_option("--why-not", o.match.why_not, "a stored item's link: which part of the query it fails")
      ->excludes(match_explain)
      ->excludes(match_site)
      ->excludes(match_since)
      ->excludes(match_limit)
      ->excludes(match_json);
  auto* status = app.add_subcommand("status", "per-site crawl health and outbox counts");
  add_config_option(*status, o);
  status->add_flag("--json", o.json, "JSON");
  auto* alerts = app.add_subcommand("alerts", "inspect and replay the outbox");
  add_config_option(*alerts, o);
  alerts->add_option("--state", o.state, "pending, held, sent or failed")
      ->check(CLI::IsMember({"pending", "held", "sent", "failed"}));
  alerts->add_flag("--json", o.json, "JSON Lines");
  auto* retry = alerts->add_subcommand("retry", "send the chosen alert (or --all pending and failed ones) now");
  add_config_option(*retry, o);
  auto* retry_id = retry->add_option("id", o.retry_id, "alert id");
  auto* retry_all = retry->add_flag("--all", o.retry_all, "every pending and failed alert");
  retry_id->excludes(retry_all);
  retry->add_option("--notifier", o.retry_notifier, "send the alert to this configured notifier from now on")
      ->needs(retry_id);
  auto* test = alerts->add_subcommand("test", "send one marked test message through NOTIFIER and show the answer");
  add_config_option(*test, o);
  test->add_option("notifier", o.test_notifier, "a configured notifier's name")->required();
  auto* feed = app.add_subcommand("feed", "print the Atom feed of a watch's matches (of every watch without --watch)");
  add_config_option(*feed, o);
  feed->add_option("--watch", o.feed_watch, "a configured watch");
  feed->add_option("--limit", o.feed_limit, "the newest N matches (1..500, default 50)")->check(CLI::Range(1, 500));
  auto* migrate = app.add_subcommand("migrate", "copy a SQLite database into an empty PostgreSQL database");
  migrate->add_option("--from", o.migrate.from, "the SQLite database file")->required();
  migrate->add_option("--to", o.migrate.to, "postgresql://USER@HOST/DB (PG* variables fill the rest)")->required();
  migrate->add_option("--password-file", o.migrate.password_file, "the server's password (else PGPASSWORD, ~/.pgpass)");
  auto* demo = app.add_subcommand("demo", "crawl the bundled sample pages on loopback; no network needed");
  auto* discover =
      app.add_subcommand("discover", "list the feeds, news sitemaps and listing a site offers, best first");
  discover->add_option("url", o.discover.url, "the site's page (a homepage or section)");
  discover->add_option("-c,--config", o.discover_config, "politeness settings and site names already taken");
  discover->add_option("--file", o.discover.file, "a saved page (no network unless URL is given too)");
  discover->add_flag("--json", o.discover.json, "JSON");
  auto* discover_add = discover->add_option("--add", o.discover_add, "append the picked [[site]] to this config");
  discover->add_option("--pick", o.discover.pick, "which listed source --add appends (default 1, the best)")
      ->needs(discover_add);
  discover->add_option("--name", o.discover.name, "the added site's name")->needs(discover_add);

  // --log-level (and --version) may stand after the subcommand too: `newswatch run --log-level debug`.
  for (CLI::App* command : app.get_subcommands({})) {
    command->fallthrough();
    for (CLI::App* nested : command->get_subcommands({})) nested->fallthrough();
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (auto unknown = unknown_command_error(app)) {
      std::cerr << *unknown << "\n";
      return k_exit_usage;
    }
    int code = app.exit(e);
    return code == 0 ? k_exit_ok : k_exit_usage;
  }
  setup_logging(o.log_level);

  try {
    if (*run) return cmd_run(config_path(o));
    if (*once) return cmd_once(config_path(o), o.sites);
    if (*crawl) return cmd_crawl(config_path(o), o.sites);
    if (*extract && o.explain)
      return cmd_extract_explain(o.extractor, o.page_url, o.file,
                                 o.config ? std::optional<std::filesystem::path>(*o.config) : std::nullopt);
    if (*extract)
      return cmd_extract(o.extractor, o.page_url, o.file,
                         o.config ? std::optional<std::filesystem::path>(*o.config) : std::nullopt);
    if (*check) return cmd_check_config(config_path(o));
    if (*items) return cmd_items(config_path(o), o.items);
    if (*match) return cmd_match(config_path(o), o.match);
    if (*status) return cmd_status(config_path(o), o.json);
    if (*retry) {
      if (!o.retry_id && !o.retry_all) {
        std::cerr << "newswatch alerts retry: give an alert ID or --all\n";
        return k_exit_usage;
      }
      return cmd_alerts_retry(config_path(o), o.retry_id, o.retry_notifier);
    }
    if (*test) return cmd_alerts_test(config_path(o), o.test_notifier);
    if (*alerts) return cmd_alerts(config_path(o), o.state, o.json);
    if (*feed) return cmd_feed(config_path(o), o.feed_watch, o.feed_limit);
    if (*demo) return cmd_demo();
    if (*migrate) return cmd_migrate(o.migrate);
    if (*discover) {
      if (o.discover_config) o.discover.config = *o.discover_config;
      if (o.discover_add) o.discover.add = *o.discover_add;
      return cmd_discover(o.discover);
    }
  } catch (const ConfigError& e) {
    for (const auto& d : e.diagnostics()) std::cerr << d.to_string() << "\n";
    return k_exit_config;
  } catch (const std::exception& e) {
    spdlog::critical("fatal: {}", e.what());
    return k_exit_failure;
  }
  return k_exit_usage;
}

}  // namespace newswatch
