#pragma once
// The per-section readers of the loader and the cross-section checks.
// Internal to config/: config.cpp is the only caller.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "config/toml_reader.h"

namespace newswatch::config_detail {

/// The TOML table each site, watch and notifier came from, parallel to the
/// Config vectors, so cross-section checks can point at the right line.
struct SourceTables {
  std::vector<const toml::table*> sites;
  std::vector<const toml::table*> watches;
  std::vector<const toml::table*> notifiers;
  const toml::table* service = nullptr;  ///< [service], when the file has one
};

/// Reads every top-level section of `root` into `config`, recording problems in `diags`.
SourceTables read_sections(const toml::table& root, const ConfigValidators& validators, Diagnostics& diags,
                           Config& config);

/// Reads [service] (the database path as written).
ServiceConfig read_service(const toml::table& table, Diagnostics& diags);

/// Where the service keeps `configured` (config_service.cpp has the rule): $STATE_DIRECTORY
/// when set, /var/lib/newswatch for a config in /etc/newswatch/, else as written.
std::string resolve_database(const std::string& configured, const std::filesystem::path& config_file);

/// True when `database` names a PostgreSQL server (postgresql:// or postgres://), kept as written.
bool is_database_uri(std::string_view database);
/// Why `uri` (a PostgreSQL URI) would not connect as written: a malformed part or a parameter libpq does not
/// know; "" when well formed. Never quotes a password.
std::string database_uri_problem(std::string_view uri);
/// True when `uri` holds a password (user:password@ or ?password=).
bool database_uri_has_password(std::string_view uri);

/// `password_file` as the store reads it: absolute as written; relative, in $CREDENTIALS_DIRECTORY when set, else
/// beside the config file; "" stays "".
std::string resolve_password_file(const std::string& configured, const std::filesystem::path& config_file);

/// A watch's `quiet` window and `priority` (config_quiet.cpp), problems recorded at the key.
void read_watch_quiet(TableReader& reader, WatchConfig& watch, const ConfigValidators& validators);

/// Reads one [[notify]] table (a secret named by KEY_env / KEY_file is recorded, not read).
NotifierConfig read_notifier(const toml::table& table, Diagnostics& diags);

/// The keys of the chat and push notifier types (config_channels.cpp), each into `notifier`; problems are
/// recorded at the key.
void read_ntfy(TableReader& reader, NotifierConfig& notifier);
void read_telegram(TableReader& reader, NotifierConfig& notifier);
void read_matrix(TableReader& reader, NotifierConfig& notifier);
void read_gotify(TableReader& reader, NotifierConfig& notifier);
void read_apprise(TableReader& reader, NotifierConfig& notifier);

/// Duplicate names, watches naming unknown sites or notifiers, and the query validator.
void check_references(const Config& config, const SourceTables& tables, const ConfigValidators& validators,
                      Diagnostics& diags);

/// Located warnings (never errors) about a config that will not do its job yet: a user agent naming
/// example.org; no sites, no watches, or no notifiers ("nothing will be alerted").
void warn_about_setup(const toml::table& root, const Config& config, const SourceTables& tables, Diagnostics& diags);

/// Reads a site's sitemap keys (config_sitemap.cpp); a warning when the site's extractor is not "sitemap".
void read_site_sitemap(TableReader& reader, SiteConfig& site);
/// Reads a site's fetch_articles, article_timeout and max_article_fetches (config_articles.cpp).
void read_site_articles(TableReader& reader, SiteConfig& site);
/// Turns fetch_articles on for every site a watch with `fetch_articles = true` covers (all when it names none).
void apply_watch_article_fetching(Config& config);
/// Reads the required, plain 'name' key into `out`.
void read_name(TableReader& reader, std::string& out);

/// True for "http://HOST..." or "https://HOST..." (scheme case-insensitive, no whitespace).
bool is_http_url(std::string_view url);

/// True when `name` is usable on a command line and in logs: letters, digits, '-', '_', '.'.
bool is_plain_name(std::string_view name);

}  // namespace newswatch::config_detail
