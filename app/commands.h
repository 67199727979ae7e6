#pragma once
// The subcommands behind the CLI table. Each returns a process exit code
// (cli.h) and prints its own errors; none of them throws except ConfigError,
// which run_cli turns into exit 78.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace newswatch {

struct Config;

struct ItemsOptions {
  std::optional<std::string> site;
  std::optional<std::string> since;  ///< a duration: items first seen within it
  std::optional<std::string> match;  ///< a query the items must match
  int limit = 50;
  bool json = false;
};

struct MatchOptions {
  std::optional<std::string> query;    ///< the query to try; exactly one of query and watch
  std::optional<std::string> watch;    ///< a configured watch: its query, sites and the config's aliases
  std::vector<std::string> sites;      ///< only stored items of these sites
  std::optional<std::string> since;    ///< a duration: items first seen within it
  std::optional<std::string> why_not;  ///< a stored item's link (or key): say which part of the query it fails
  int limit = 0;                       ///< show at most this many hits (0: all); every hit is still counted
  bool json = false;
  bool explain = false;  ///< per hit: every part of the query with its field, and the alert's snippet
};

struct DiscoverOptions {
  std::string url;                              ///< the site's page; "" with --file alone
  std::optional<std::filesystem::path> config;  ///< -c: politeness settings, and names already taken
  std::optional<std::string> file;              ///< a saved page: no network unless `url` is given too
  bool json = false;
  std::optional<std::filesystem::path> add;  ///< append the picked block to this config
  int pick = 1;                              ///< which listed source --add appends (1: the best)
  std::optional<std::string> name;           ///< --add: the site's name instead of the derived one
};

struct MigrateOptions {
  std::string from;                          ///< the SQLite database file
  std::string to;                            ///< a postgresql:// or postgres:// URI
  std::optional<std::string> password_file;  ///< the server's password, its first line (else PGPASSWORD, ~/.pgpass)
};

/// Validates the config and prints a summary (or every problem, exit 78).
int cmd_check_config(const std::filesystem::path& config);
/// Runs one extractor on saved HTML (a file, or stdin for "-") and prints JSON Lines; exit 1 when it finds no items
/// or cannot read the file, 2 for a directory or a --site that names no extractor or configured site.
int cmd_extract(const std::string& extractor, const std::optional<std::string>& page_url, const std::string& file,
                const std::optional<std::filesystem::path>& config = std::nullopt);
/// Lists stored items, newest first.
int cmd_items(const std::filesystem::path& config, const ItemsOptions& options);
/// Dry-runs a query (or a watch) over stored items and says what matched and why; with why_not, explains one
/// item and exits 0 when it would match, 1 when not.
int cmd_match(const std::filesystem::path& config, const MatchOptions& options);
/// Per-site crawl health and outbox counts.
int cmd_status(const std::filesystem::path& config, bool json);
/// Lists outbox rows, optionally of one state.
int cmd_alerts(const std::filesystem::path& config, const std::optional<std::string>& state, bool json);
/// Makes the chosen row (optionally re-targeted to `notifier`), or every pending/failed one, due now and sends
/// it; says whether it was delivered, failed again (and why), or had been delivered already.
int cmd_alerts_retry(const std::filesystem::path& config, std::optional<std::int64_t> id,
                     const std::optional<std::string>& notifier);
/// Sends one clearly marked test message through notifier `name` (secrets read) and prints what the receiver
/// answered: exit 0 when delivered, 1 when not, 2 when no notifier has that name. Nothing touches the outbox.
int cmd_alerts_test(const std::filesystem::path& config, const std::string& name);
/// The config of the commands that send, with every KEY_env / KEY_file secret read; throws ConfigError
/// (located) when one cannot be.
std::shared_ptr<const Config> load_sending_config(const std::filesystem::path& path);
/// Names the feeds' built-in record (store k_feed_record) among every watch's notifiers, so each match is
/// recorded for `/feeds/WATCH.atom` whatever the watch notifies.
void record_matches_for_feeds(Config& config);
/// Prints the Atom feed of watch `watch` (every watch when nullopt), newest `limit` matches; exit 2 naming
/// the configured watches for an unknown one.
int cmd_feed(const std::filesystem::path& config, const std::optional<std::string>& watch, int limit);
/// The service, until SIGTERM/SIGINT.
int cmd_run(const std::filesystem::path& config);
/// Crawls every site (or the named ones) once, delivers what is due, exits 0 or 1.
int cmd_once(const std::filesystem::path& config, const std::vector<std::string>& sites);
/// Asks the running service (its control socket) to crawl every site, or the named ones, now; exit 1 when
/// no service runs, 2 for a site it does not know.
int cmd_crawl(const std::filesystem::path& config, const std::vector<std::string>& sites);
/// Lists the sources a site offers (feeds, news sitemaps, the page under auto), best first, with ready [[site]]
/// blocks; with options.add appends the picked one to that config if check-config passes on the result (else exit
/// 78, the file unchanged). Exit 1 when no usable source is found, 2 for a bad URL or --pick.
int cmd_discover(const DiscoverOptions& options);
/// Copies the SQLite database options.from into the empty PostgreSQL database options.to and prints the rows
/// per table; exit 1 naming why not (nothing is written then), 2 for arguments of the wrong kind.
int cmd_migrate(const MigrateOptions& options);
/// Serves the bundled sample pages on loopback, crawls them and shows what a local receiver got.
int cmd_demo();

}  // namespace newswatch
