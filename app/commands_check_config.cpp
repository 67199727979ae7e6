// check-config: validate, then print what the config will do, as the user wrote
// it (durations as spelled: "10m", not "600s"): the database file it resolves
// to, every located warning, and each site, watch and notifier. A notifier shows
// its kind and where it sends, never a secret or a webhook's path (webhook URLs
// carry tokens), the same shape the dispatcher logs.

#include <filesystem>
#include <iostream>
#include <string>

#include <fmt/format.h>

#include "app/app_config.h"
#include "app/cli.h"
#include "app/commands.h"
#include "config/config.h"
#include "net/loggable_url.h"
#include "store/store.h"

namespace newswatch {
namespace {

/// The database as resolved (a URI without its password, and where the password comes from), and for a relative
/// path the file it names from here.
std::string database_line(const std::string& database, const std::string& password_file) {
  if (is_postgres_uri(database))
    return loggable_database(database) + (password_file.empty() ? "" : " (password from " + password_file + ")");
  const std::filesystem::path path(database);
  if (database == ":memory:" || path.is_absolute()) return database;
  std::error_code ignored;
  const std::filesystem::path here = std::filesystem::absolute(path, ignored).lexically_normal();
  return fmt::format("{} (relative to the working directory: {})", database, here.string());
}

/// A sitemap site's reading rules, as written: "; entries of the last 2d, up to 3 children, titles: no".
std::string sitemap_settings(const SitemapSettings& s) {
  return fmt::format("; entries of the last {}, up to {} children of an index, titles from article pages: {}",
                     duration_as_written(s.recent_text, s.recent), s.max_children,
                     s.fetch_titles ? fmt::format("yes (at most {} a crawl)", s.max_title_fetches) : "no");
}

std::string site_line(const SiteConfig& site) {
  std::string every = site.auto_interval
                          ? fmt::format("auto ({}..{})", duration_as_written(site.min_interval_text, site.min_interval),
                                        duration_as_written(site.max_interval_text, site.max_interval))
                          : duration_as_written(site.interval_text, site.interval);
  if (site.jitter.count() > 0) every += " + up to " + duration_as_written(site.jitter_text, site.jitter);
  std::string line = fmt::format("  site {} ({}) every {}: {}", site.name, site.extractor, every, site.url);
  if (site.extractor == "sitemap") line += sitemap_settings(site.sitemap);
  return line;
}

std::string watch_line(const WatchConfig& watch) {
  std::string notify;
  for (const std::string& name : watch.notify) notify += (notify.empty() ? "" : ", ") + name;
  std::string line = fmt::format("  watch {}: {} -> {}", watch.name, watch.query, notify.empty() ? "nobody" : notify);
  if (watch.quiet)
    line += fmt::format(", quiet {} {}", watch.quiet->text.substr(0, watch.quiet->text.find(' ')), watch.quiet->zone);
  if (watch.high_priority) line += ", priority high";
  return line;
}

const char* format_name(WebhookFormat format) {
  switch (format) {
    case WebhookFormat::json: return "json";
    case WebhookFormat::slack: return "slack";
    case WebhookFormat::discord: return "discord";
  }
  return "?";
}

const char* tls_name(SmtpTls tls) {
  switch (tls) {
    case SmtpTls::starttls: return "starttls";
    case SmtpTls::implicit: return "implicit TLS";
    case SmtpTls::none: return "no TLS";
  }
  return "?";
}

/// A chat or push notifier: its type and where it sends, by host only (the paths and targets carry secrets).
std::string chat_notifier_line(const NotifierConfig& n) {
  switch (n.type) {
    case NotifierType::ntfy: return fmt::format("  notify {}: ntfy to {}", n.name, loggable_url(n.url, true));
    case NotifierType::telegram:
      return fmt::format("  notify {}: telegram chat {} via {}", n.name, n.chat_id, loggable_url(n.api_url, true));
    case NotifierType::matrix:
      return fmt::format("  notify {}: matrix room {} on {}", n.name, n.room, loggable_url(n.homeserver, true));
    case NotifierType::gotify: return fmt::format("  notify {}: gotify at {}", n.name, loggable_url(n.url, true));
    case NotifierType::apprise:
      return fmt::format("  notify {}: apprise at {}, {} targets", n.name, loggable_url(n.url, true), n.targets.size());
    case NotifierType::webhook:
    case NotifierType::email: break;
  }
  return "  notify " + n.name;
}

std::string notifier_line(const NotifierConfig& n) {
  if (n.type == NotifierType::webhook) {
    const bool signed_ = !n.secret.empty() || n.secret_ref.has_value();
    return fmt::format("  notify {}: webhook, {}, to {}{}", n.name, format_name(n.format), loggable_url(n.url, true),
                       signed_ ? ", signed" : "");
  }
  if (n.type != NotifierType::email) return chat_notifier_line(n);
  std::string to;
  for (const std::string& address : n.to) to += (to.empty() ? "" : ", ") + address;
  return fmt::format("  notify {}: email to {} via {} ({}){}", n.name, to, loggable_url(n.smtp_url), tls_name(n.tls),
                     n.digest.count() > 0 ? ", digest every " + format_duration(n.digest) : "");
}

}  // namespace

int cmd_check_config(const std::filesystem::path& path) {
  auto config = load_app_config(path);
  std::cout << fmt::format("{}: ok: {} sites, {} watches, {} notifiers, {} aliases; database {}\n", path.string(),
                           config->sites.size(), config->watches.size(), config->notifiers.size(),
                           config->aliases.size(),
                           database_line(config->service.database, config->service.password_file));
  for (const ConfigDiagnostic& warning : config->warnings) std::cout << warning.to_string() << "\n";
  for (const ConfigDiagnostic& warning : secret_warnings(*config)) std::cout << warning.to_string() << "\n";
  for (const SiteConfig& site : config->sites) std::cout << site_line(site) << "\n";
  for (const WatchConfig& watch : config->watches) std::cout << watch_line(watch) << "\n";
  for (const NotifierConfig& notifier : config->notifiers) std::cout << notifier_line(notifier) << "\n";
  return k_exit_ok;
}

}  // namespace newswatch
