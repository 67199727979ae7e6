// `[service] database` as a PostgreSQL URI: checked when the config loads, so a typo is a config error at its
// line and column rather than a connection failure at start-up. The check follows libpq's URI form
// (postgresql://[user[:password]@][host[:port][,...]][/dbname][?param=value&...]) without linking libpq into
// config/: the parts must be well formed (percent escapes, ports, key=value pairs) and every query parameter must
// be one libpq knows, because libpq refuses an unknown one. Messages never quote the user-info part, which may
// hold a password.

#include <array>
#include <cctype>
#include <string_view>

#include <fmt/format.h>

#include "config/config_sections.h"

namespace newswatch::config_detail {
namespace {

// libpq's connection keywords (PostgreSQL 15/16 docs, "Parameter Key Words"), and "ssl", its JDBC-style alias.
constexpr std::array<std::string_view, 43> k_libpq_keywords = {"host",
                                                               "hostaddr",
                                                               "port",
                                                               "dbname",
                                                               "user",
                                                               "password",
                                                               "passfile",
                                                               "channel_binding",
                                                               "connect_timeout",
                                                               "client_encoding",
                                                               "options",
                                                               "application_name",
                                                               "fallback_application_name",
                                                               "keepalives",
                                                               "keepalives_idle",
                                                               "keepalives_interval",
                                                               "keepalives_count",
                                                               "tcp_user_timeout",
                                                               "replication",
                                                               "gssencmode",
                                                               "sslmode",
                                                               "requiressl",
                                                               "sslcompression",
                                                               "sslcert",
                                                               "sslkey",
                                                               "sslpassword",
                                                               "sslcertmode",
                                                               "sslrootcert",
                                                               "sslcrl",
                                                               "sslcrldir",
                                                               "sslsni",
                                                               "requirepeer",
                                                               "ssl_min_protocol_version",
                                                               "ssl_max_protocol_version",
                                                               "krbsrvname",
                                                               "gsslib",
                                                               "gssdelegation",
                                                               "service",
                                                               "target_session_attrs",
                                                               "load_balance_hosts",
                                                               "require_auth",
                                                               "sslnegotiation",
                                                               "ssl"};

bool hex(char c) {
  return std::isxdigit(static_cast<unsigned char>(c)) != 0;
}

/// True when every '%' in `part` starts a two-digit hex escape.
bool escapes_ok(std::string_view part) {
  for (std::size_t i = 0; i < part.size(); ++i) {
    if (part[i] != '%') continue;
    if (i + 2 >= part.size() || !hex(part[i + 1]) || !hex(part[i + 2])) return false;
    i += 2;
  }
  return true;
}

/// The problem with one host[:port] of the host list ("" when none). An empty host is allowed (a Unix socket).
std::string host_problem(std::string_view host) {
  std::string_view port;
  if (host.starts_with('[')) {
    const std::size_t close = host.find(']');
    if (close == std::string_view::npos) return "an IPv6 address opened with '[' is not closed with ']'";
    std::string_view rest = host.substr(close + 1);
    if (!rest.empty() && rest.front() != ':') return "only ':PORT' may follow an IPv6 address in brackets";
    port = rest.empty() ? "" : rest.substr(1);
  } else if (const std::size_t colon = host.find(':'); colon != std::string_view::npos) {
    port = host.substr(colon + 1);
    host = host.substr(0, colon);
  }
  if (!escapes_ok(host)) return "a '%' in the host is not followed by two hex digits";
  if (port.empty() && host.find(':') == std::string_view::npos) return "";
  int value = 0;
  for (char c : port) {
    if (c < '0' || c > '9' || value > 65535) return fmt::format("port '{}' is not a number from 1 to 65535", port);
    value = value * 10 + (c - '0');
  }
  if (port.empty() || value < 1 || value > 65535) return fmt::format("port '{}' is not a number from 1 to 65535", port);
  return "";
}

std::string query_problem(std::string_view query) {
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    const std::size_t eq = pair.find('=');
    if (eq == std::string_view::npos || eq == 0)
      return fmt::format("query parameter '{}' is not KEY=VALUE", pair.substr(0, pair.find('=')));
    const std::string_view key = pair.substr(0, eq);
    bool known = false;
    for (std::string_view keyword : k_libpq_keywords) known = known || keyword == key;
    if (!known) return fmt::format("'{}' is not a libpq connection parameter", key);
    // A password's value is never quoted back.
    const std::string_view value = pair.substr(eq + 1);
    if (!escapes_ok(value)) return fmt::format("the value of '{}' has a '%' not followed by two hex digits", key);
    if (key == "port") {  // a port per host, comma-separated
      for (std::string_view rest = value;;) {
        const std::size_t comma = rest.find(',');
        if (std::string problem = host_problem(":" + std::string(rest.substr(0, comma))); !problem.empty())
          return problem;
        if (comma == std::string_view::npos) break;
        rest.remove_prefix(comma + 1);
      }
    }
  }
  return "";
}

}  // namespace

bool is_database_uri(std::string_view database) {
  return database.starts_with("postgresql://") || database.starts_with("postgres://");
}

std::string database_uri_problem(std::string_view uri) {
  uri.remove_prefix(uri.find("://") + 3);
  const std::size_t query_at = uri.find('?');
  const std::string_view query = query_at == std::string_view::npos ? "" : uri.substr(query_at + 1);
  uri = uri.substr(0, query_at);
  const std::size_t slash = uri.find('/');
  std::string_view authority = uri.substr(0, slash);
  const std::string_view dbname = slash == std::string_view::npos ? "" : uri.substr(slash + 1);
  if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos) {
    if (!escapes_ok(authority.substr(0, at)))
      return "the user or password has a '%' not followed by two hex digits (write a literal '%' as %25)";
    authority.remove_prefix(at + 1);
  }
  while (true) {
    const std::size_t comma = authority.find(',');
    if (std::string problem = host_problem(authority.substr(0, comma)); !problem.empty()) return problem;
    if (comma == std::string_view::npos) break;
    authority.remove_prefix(comma + 1);
  }
  if (!escapes_ok(dbname)) return "the database name has a '%' not followed by two hex digits";
  if (dbname.find('/') != std::string_view::npos) return "the database name may not contain '/' (write it as %2F)";
  return query_problem(query);
}

bool database_uri_has_password(std::string_view uri) {
  uri.remove_prefix(uri.find("://") + 3);
  const std::string_view authority = uri.substr(0, uri.find_first_of("/?"));
  const std::size_t at = authority.rfind('@');
  if (at != std::string_view::npos && authority.substr(0, at).find(':') != std::string_view::npos) return true;
  const std::size_t query = uri.find('?');
  return query != std::string_view::npos && (uri.substr(query).find("?password=") != std::string_view::npos ||
                                             uri.substr(query).find("&password=") != std::string_view::npos);
}

}  // namespace newswatch::config_detail
