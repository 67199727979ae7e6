// [service]: process-wide settings, and where the database is. One rule,
// used by the service and by every command, so `newswatch status` from a shell
// reads the file the service writes:
//   an absolute path (or ":memory:") is kept as written;
//   a relative one is placed in $STATE_DIRECTORY when systemd sets it (the unit's
//   StateDirectory=, the first entry if several are listed);
//   else, when the config is the installed one (in /etc/newswatch/), in
//   /var/lib/newswatch, which is where the unit's StateDirectory=newswatch puts it;
//   else it is relative to the working directory (scripts/run.sh, the tests).
// A postgresql:// or postgres:// URI is no path: it is kept as written, checked (database_uri.cpp), and its
// password may come from `password_file`, resolved like a notifier's KEY_file ($CREDENTIALS_DIRECTORY, where
// systemd's LoadCredential= puts it) or else beside the config file, so the file travels with the config.

#include <fmt/format.h>
#include <cstdlib>
#include <filesystem>

#include "config/config_sections.h"

namespace newswatch::config_detail {
namespace {

constexpr const char* k_installed_config_dir = "/etc/newswatch";
constexpr const char* k_installed_state_dir = "/var/lib/newswatch";  // the unit's StateDirectory=newswatch

// "HOST:PORT" or "[V6]:PORT"; the endpoint itself is opened by app/.
bool is_listen_address(std::string_view text) {
  const std::size_t colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == text.size()) return false;
  int port = 0;
  for (char c : text.substr(colon + 1)) {
    if (c < '0' || c > '9') return false;
    port = port * 10 + (c - '0');
    if (port > 65535) return false;
  }
  return port > 0;
}

void read_private_networks(TableReader& reader, ServiceConfig& service) {
  auto mode = reader.string("private_networks");
  if (!mode) return;
  if (*mode == "site-only")
    service.private_networks = PrivateNetworks::site_only;
  else if (*mode == "allow")
    service.private_networks = PrivateNetworks::allow;
  else if (*mode == "deny")
    service.private_networks = PrivateNetworks::deny;
  else
    reader.error("private_networks",
                 fmt::format("'private_networks' must be \"site-only\", \"allow\" or \"deny\", got '{}'", *mode));
}

/// Checks a PostgreSQL URI and its password_file (resolved later, with the database, by read_sections).
void read_database_uri(TableReader& reader, ServiceConfig& service) {
  if (auto file = reader.string("password_file")) service.password_file = std::move(*file);
  if (!is_database_uri(service.database)) {
    if (!service.password_file.empty())
      reader.diagnostics().warning(reader.where("password_file"),
                                   "'password_file' is read only for a PostgreSQL database (postgresql://...); "
                                   "this one is a SQLite file");
    return;
  }
  if (std::string problem = database_uri_problem(service.database); !problem.empty())
    reader.error("database", "'database' is not a usable PostgreSQL URI: " + problem);
  else if (database_uri_has_password(service.database))
    reader.diagnostics().warning(
        reader.where("database"),
        "'database' holds a password: anyone who can read this config can read it; prefer 'password_file' "
        "(or PGPASSWORD, ~/.pgpass)");
}

}  // namespace

std::string resolve_database(const std::string& configured, const std::filesystem::path& config_file) {
  if (is_database_uri(configured)) return configured;
  if (configured == ":memory:" || std::filesystem::path(configured).is_absolute()) return configured;
  if (const char* state = std::getenv("STATE_DIRECTORY"); state && *state) {
    std::string_view first(state);
    first = first.substr(0, first.find(':'));
    return (std::filesystem::path(first) / configured).string();
  }
  std::error_code ignored;  // an unresolvable working directory leaves the path as written
  const std::filesystem::path folder = std::filesystem::absolute(config_file, ignored).lexically_normal().parent_path();
  if (folder == k_installed_config_dir) return (std::filesystem::path(k_installed_state_dir) / configured).string();
  return configured;
}

std::string resolve_password_file(const std::string& configured, const std::filesystem::path& config_file) {
  if (configured.empty() || std::filesystem::path(configured).is_absolute()) return configured;
  if (const char* credentials = std::getenv("CREDENTIALS_DIRECTORY"); credentials && *credentials)
    return (std::filesystem::path(credentials) / configured).string();
  std::error_code ignored;
  const std::filesystem::path folder = std::filesystem::absolute(config_file, ignored).lexically_normal().parent_path();
  return (folder / configured).lexically_normal().string();
}

/// `operator_notify`: one notifier name or a list of them (check_references checks that they exist).
void read_operator_notify(TableReader& reader, ServiceConfig& service) {
  const toml::node* node = reader.table().get("operator_notify");
  if (!node) return;
  if (node->is_string()) {
    if (auto name = reader.string("operator_notify")) service.operator_notify = {std::move(*name)};
    return;
  }
  if (!node->is_array()) {
    reader.error("operator_notify", "'operator_notify' must be a notifier name or a list of them, e.g. \"ops\"");
    return;
  }
  if (auto names = reader.strings("operator_notify")) service.operator_notify = std::move(*names);
}

ServiceConfig read_service(const toml::table& table, Diagnostics& diags) {
  TableReader reader(
      table, "[service]",
      {"database", "user_agent", "concurrency", "per_host_delay", "connect_timeout", "request_timeout", "max_body_size",
       "max_backoff", "respect_robots", "listen", "private_networks", "keep", "operator_notify", "failing_after",
       "parse_threads", "max_pending_pages", "password_file", "shared", "lease"},
      diags);
  ServiceConfig service;
  if (auto database = reader.string("database")) service.database = std::move(*database);
  read_database_uri(reader, service);
  if (auto agent = reader.string("user_agent")) service.user_agent = std::move(*agent);
  if (auto concurrency = reader.integer("concurrency", 1, 256)) service.concurrency = static_cast<int>(*concurrency);
  if (auto threads = reader.integer("parse_threads", 1, 256)) service.parse_threads = static_cast<int>(*threads);
  if (auto pages = reader.integer("max_pending_pages", 1, 65536)) service.max_pending_pages = static_cast<int>(*pages);
  if (auto delay = reader.duration("per_host_delay")) service.per_host_delay = *delay;
  if (auto timeout = reader.duration("connect_timeout")) service.connect_timeout = *timeout;
  if (auto timeout = reader.duration("request_timeout")) service.request_timeout = *timeout;
  if (auto bytes = reader.byte_size("max_body_size")) service.max_body_bytes = *bytes;
  if (auto backoff = reader.duration("max_backoff")) service.max_backoff = *backoff;
  if (auto robots = reader.boolean("respect_robots")) service.respect_robots = *robots;
  if (auto shared = reader.boolean("shared")) service.shared = *shared;
  if (auto lease = reader.duration("lease")) service.lease = *lease;
  read_private_networks(reader, service);
  if (auto keep = reader.duration("keep")) service.keep = *keep;
  if (auto failing = reader.duration("failing_after")) service.failing_after = *failing;
  read_operator_notify(reader, service);
  if (auto listen = reader.string("listen")) {
    if (!is_listen_address(*listen)) {
      reader.error("listen", fmt::format("'listen' must be HOST:PORT such as \"127.0.0.1:9187\", got '{}'", *listen));
    }
    service.listen = std::move(*listen);
  }
  reader.report_unknown_keys();
  return service;
}

}  // namespace newswatch::config_detail
