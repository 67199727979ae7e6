#pragma once
// The validated, immutable configuration (DESIGN.md "Config (TOML)").
// load_config() turns a TOML file into a Config or throws ConfigError listing
// every problem as FILE:LINE:COL: error: MESSAGE.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "config/error.h"

namespace newswatch {

using Seconds = std::chrono::seconds;

/// `[service] private_networks`: may the crawler connect to loopback, private, link-local and other
/// non-public addresses? site_only: only for the host a site's configured URL names; allow: always; deny: never.
enum class PrivateNetworks { site_only, allow, deny };

struct ServiceConfig {
  /// A SQLite file (resolved by the rule in config_service.cpp) or a postgresql:// / postgres:// URI (kept as written).
  std::string database = "newswatch.db";
  /// PostgreSQL only: a file whose first line is the password ("": the URI's, PGPASSWORD or ~/.pgpass). Resolved
  /// like a notifier's KEY_file when relative: in $CREDENTIALS_DIRECTORY when set, else beside the config file.
  std::string password_file;
  std::string user_agent = "newswatch/0.1 (+https://example.org/newswatch)";
  int concurrency = 8;        ///< fetches in flight, all hosts together
  int parse_threads = 0;      ///< threads parsing pages; 0: the machine's cores (app/service.h parse_threads())
  int max_pending_pages = 0;  ///< bodies being fetched or waiting for their parse; 0: 4 per parse thread
  Seconds per_host_delay{5};  ///< minimum gap between requests to one host
  Seconds connect_timeout{10};
  Seconds request_timeout{30};
  std::size_t max_body_bytes = 8u << 20;  ///< larger bodies are abandoned (an error, not truncation)
  Seconds max_backoff{3600};              ///< cap of the exponential backoff after failures
  bool respect_robots = true;
  PrivateNetworks private_networks = PrivateNetworks::site_only;
  std::string listen;         ///< reserved: health/metrics endpoint
  Seconds keep{365 * 86400};  ///< sent/failed alerts, revisions, unseen items and stories older than this are pruned
  /// Notifiers that hear of health changes (a site degraded, failing or back; the network down or back);
  /// empty: those changes are logged and shown in `status` only.
  std::vector<std::string> operator_notify;
  Seconds failing_after{6 * 3600};  ///< a site whose fetches fail this long is failing
  /// Several `newswatch run` processes share the database and split the sites by lease (crawler/lease_keeper.h);
  /// off: one process owns the crawl, as before, at no extra store trip per crawl.
  bool shared = false;
  /// Shared mode: a process silent this long is taken for dead, and its sites for anyone's (it heartbeats every
  /// eighth of it); longer than any crawl can take.
  Seconds lease{120};
};

/// The selectors of the config-defined "css" extractor. Each is a CSS selector;
/// "SEL @attr" takes an attribute instead of the text.
struct SelectorConfig {
  std::string item, title, link, summary, published, authors, tags;
};

/// How a site with extractor "sitemap" is read (README "News sitemaps"); ranges in config/limits.h.
struct SitemapSettings {
  Seconds recent{2 * 86400};   ///< entries dated before now minus this are left out (news sitemaps list 2 days)
  std::string recent_text;     ///< `recent` as written, for check-config; "" when defaulted
  int max_children = 3;        ///< a sitemap index's children fetched per crawl, newest first
  bool fetch_titles = false;   ///< an entry without news:title takes its title from its article page
  int max_title_fetches = 10;  ///< article pages fetched for titles per crawl
};

struct SiteConfig {
  std::string name;
  std::string url;
  std::string extractor = "auto";  ///< "auto" (the default) finds the listing without configuration
  Seconds interval{600};  ///< for an auto site: min_interval (where it starts before it has seen the site publish)
  Seconds jitter{0};
  std::string interval_text;  ///< `interval` as the file spells it ("10m", "auto"), for check-config; "" when defaulted
  std::string jitter_text;    ///< `jitter` as written; "" when defaulted
  /// interval = "auto": the interval follows the site's rate of new items within [min_interval, max_interval]
  /// (crawler/adaptive_interval.h).
  bool auto_interval = false;
  Seconds min_interval{300};
  Seconds max_interval{86400};
  std::string min_interval_text;  ///< as written; "" when defaulted
  std::string max_interval_text;
  int max_items = 500;                      ///< items kept from one page, in page order; more are dropped and logged
  std::optional<SelectorConfig> selectors;  ///< set when extractor == "css"
  std::string date_format;  ///< strptime-style format for this site's dates; empty = the built-in shapes
  std::string utc_offset;   ///< from `timezone`, e.g. "+09:00"; empty = the extractor's default
  SitemapSettings sitemap;  ///< extractor "sitemap" only
  /// New items' article pages are fetched (politely, after the listing) and their main text stored and matched;
  /// set by the site's `fetch_articles` or by a watch with `fetch_articles = true` that covers the site.
  bool fetch_articles = false;
  Seconds article_timeout{60};   ///< alerts of a crawl wait at most this long for its articles
  int max_article_fetches = 20;  ///< article pages fetched per crawl; the rest go on without a body
};

/// `quiet = "22:00-07:00 Asia/Seoul"`: a daily window, in a time zone, when a watch's alerts wait.
struct QuietHours {
  int start_minute = 0;      ///< minutes after local midnight, 0..1439
  int end_minute = 0;        ///< the same; at or before start_minute: the window ends the next day
  std::string zone = "UTC";  ///< an IANA zone name (alerts/quiet_hours.h reads it)
  std::string text;          ///< as written, for messages
};

struct WatchConfig {
  std::string name;
  std::string query;
  std::vector<std::string> sites{"*"};  ///< "*" = every site
  std::vector<std::string> notify;      ///< notifier names
  bool once_per_story = true;           ///< one alert per story, not per outlet
  bool fetch_articles = false;          ///< turns fetch_articles on for the sites the watch covers
  std::optional<QuietHours> quiet;      ///< alerts created inside the window wait for its end
  bool high_priority = false;           ///< `priority = "high"`: quiet hours do not apply
};

/// A secret named by KEY_env or KEY_file: recorded when the config is loaded, read by
/// resolve_secrets() when a notifier is about to be used (commands that send nothing never read it).
struct SecretRef {
  std::string key;     ///< "secret_env", "password_file", ...
  std::string source;  ///< the variable's name or the path, as written
  std::string file;    ///< where the key's value sits, for messages
  int line = 0;
  int column = 0;
};

/// One row per `type` of `[[notify]]`; everything but email is an HTTP request (alerts/notify_channels.h).
enum class NotifierType { webhook, email, ntfy, telegram, matrix, gotify, apprise };
enum class WebhookFormat { json, slack, discord };
enum class SmtpTls { starttls, implicit, none };

struct NotifierConfig {
  std::string name;
  NotifierType type = NotifierType::webhook;
  // webhook
  std::string url;
  WebhookFormat format = WebhookFormat::json;
  std::string secret;  ///< `secret` as written, or secret_env / secret_file once resolved; may be empty
  std::optional<SecretRef> secret_ref;  ///< secret_env / secret_file, until resolve_secrets()
  // email
  std::string smtp_url;
  SmtpTls tls = SmtpTls::starttls;
  std::string username;
  std::string password;                   ///< `password` as written, or password_env / password_file once resolved
  std::optional<SecretRef> password_ref;  ///< password_env / password_file, until resolve_secrets()
  std::string from;
  std::vector<std::string> to;
  Seconds digest{0};  ///< 0: send each alert at once
  // ntfy (url, token or username/password), telegram, matrix, gotify (url, token), apprise (url, targets)
  std::string token;                      ///< `token` as written, or token_env / token_file once resolved
  std::optional<SecretRef> token_ref;     ///< token_env / token_file, until resolve_secrets()
  std::string chat_id;                    ///< telegram: a number ("-100123") or "@channelname", as written
  std::string api_url;                    ///< telegram: the Bot API base, default https://api.telegram.org
  std::optional<std::int64_t> thread_id;  ///< telegram: message_thread_id (a forum topic)
  std::string homeserver;                 ///< matrix: https://matrix.example.org
  std::string room;                       ///< matrix: the room id, "!abc:example.org"
  std::vector<std::string> targets;       ///< apprise: Apprise URLs ("tgram://...", "mailto://...")
};

/// One problem found in a config file, at its source position.
struct ConfigDiagnostic {
  std::string file;
  int line = 0;
  int column = 0;
  std::string message;
  bool warning = false;  ///< a warning does not stop the load (Config::warnings); an error does
  /// "FILE:LINE:COL: error: MESSAGE" (or "warning:")
  std::string to_string() const;
};

/// Site name -> its position in Config::sites, for Config::find_site(). Positions, not pointers or views, so a
/// copied or moved Config keeps a valid index; `covers` is how many sites there were when it was built, so an
/// index that no longer matches `sites` (a Config built or edited by hand) is not trusted.
struct SiteIndex {
  struct Hash {
    using is_transparent = void;  // find() by string_view without making a string
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, std::size_t, Hash, std::equal_to<>> positions;
  std::size_t covers = 0;
};

struct Config {
  std::filesystem::path path;  ///< the file it was loaded from
  ServiceConfig service;
  std::vector<SiteConfig> sites;
  std::map<std::string, std::vector<std::string>> aliases;  ///< name -> other forms
  std::vector<WatchConfig> watches;
  std::vector<NotifierConfig> notifiers;
  /// Located warnings found while loading (a query that reads lower-case "or" as a word, ...).
  std::vector<ConfigDiagnostic> warnings;

  /// Built by parse_config, once the sites are read; see find_site().
  SiteIndex site_index;

  /// The site named `name`, or nullptr. O(1) through site_index (the service looks up every due site); a scan
  /// when `sites` has grown or shrunk since index_sites(), so a Config built by hand is answered right, too.
  const SiteConfig* find_site(std::string_view name) const;
  /// (Re)builds site_index from `sites`; the first of two same-named sites wins, as in a scan. Call it again
  /// after renaming sites by hand.
  void index_sites();
  const NotifierConfig* find_notifier(std::string_view name) const;
  /// The watch named `name`, or nullptr.
  const WatchConfig* find_watch(std::string_view name) const;
};

/// Thrown by load_config with every problem found (not just the first).
class ConfigError : public std::runtime_error {
 public:
  explicit ConfigError(std::vector<ConfigDiagnostic> diagnostics);
  const std::vector<ConfigDiagnostic>& diagnostics() const noexcept { return m_diagnostics; }

 private:
  std::vector<ConfigDiagnostic> m_diagnostics;
};

/// Checks the loader cannot do alone because they belong to other stages
/// (config/ depends on nothing): app/ passes the extractor registry and
/// the query parser in. Each returns an error message, or nullopt when fine.
struct ConfigValidators {
  std::function<std::optional<std::string>(std::string_view extractor)> extractor;
  std::function<std::optional<std::string>(const SelectorConfig&)> selectors;
  std::function<std::optional<std::string>(std::string_view query, const Config&)> query;
  /// Warnings about a query that parses but may not mean what it says; reported, not fatal.
  std::function<std::vector<std::string>(std::string_view query, const Config&)> query_warnings;
  /// Why a `quiet` window's zone name is unknown (naming it), or nullopt.
  std::function<std::optional<std::string>(std::string_view zone)> time_zone;
};

/// "22:00-07:00 Asia/Seoul" (zone optional: UTC) -> QuietHours; fails (config) saying what is wrong. The zone's
/// name is checked for shape only: ConfigValidators::time_zone knows which zones exist.
Result<QuietHours> parse_quiet_hours(std::string_view text);

/// Parses and validates `path`. Throws ConfigError listing every problem.
Config load_config(const std::filesystem::path& path, const ConfigValidators& validators = {});

/// Same, from text already in memory (`name` is used in diagnostics).
Config parse_config(std::string_view text, const std::string& name, const ConfigValidators& validators = {});

/// Reads every secret_env / secret_file / password_env / password_file into the notifier's
/// secret or password (run, once and alerts retry call it before sending). Throws ConfigError
/// with one located error per secret that cannot be read; messages never quote a secret.
void resolve_secrets(Config& config);

/// The same reads with nothing kept: one located warning per secret unreadable now
/// (check-config: the service, with its credentials, may still read it).
std::vector<ConfigDiagnostic> secret_warnings(const Config& config);

/// "90s", "10m", "1h", "1d", "1h30m" -> seconds; nullopt when malformed.
std::optional<Seconds> parse_duration(std::string_view text);

/// "8MB", "512KB", "1GB", "4096" (bytes; K/M/G are powers of 1024, an optional
/// "iB" or "B" suffix is accepted) -> bytes; nullopt when malformed or overflowing.
std::optional<std::size_t> parse_byte_size(std::string_view text);

/// The shortest duration string parse_duration reads back: 5400s -> "1h30m", 0s -> "0s".
std::string format_duration(Seconds duration);

/// `written` when the config spelled the duration out ("90s" stays "90s"), else format_duration(value).
std::string duration_as_written(const std::string& written, Seconds value);

/// The config path by DESIGN.md's rule: -c FILE, else $NEWSWATCH_CONFIG, else
/// /etc/newswatch/newswatch.toml if it exists, else config/newswatch.toml.
std::filesystem::path resolve_config_path(const std::optional<std::string>& cli_path);

}  // namespace newswatch
