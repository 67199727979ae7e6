// [[notify]]: a webhook or an email sender. Each type has its own keys; a key
// of the other type is reported rather than ignored, because "smtp_url" on a
// webhook notifier means the user is confused about what will be sent where.
// Messages never quote a webhook URL or a secret: URLs often carry tokens.

#include <fmt/format.h>
#include <algorithm>
#include <array>
#include <cctype>

#include "config/config_sections.h"
#include "config/secrets.h"

namespace newswatch::config_detail {
namespace {

constexpr std::array<std::string_view, 5> k_webhook_only{"url", "format", "secret", "secret_env", "secret_file"};
constexpr std::array<std::string_view, 9> k_email_only{"smtp_url",      "tls",  "username", "password", "password_env",
                                                       "password_file", "from", "to",       "digest"};

bool starts_with_nocase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  return std::equal(prefix.begin(), prefix.end(), text.begin(),
                    [](char a, char b) { return a == std::tolower(static_cast<unsigned char>(b)); });
}

// Only the shape the SMTP envelope needs (local@domain); the server judges the rest.
bool is_address(std::string_view address) {
  const std::size_t at = address.rfind('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == address.size()) return false;
  return std::none_of(address.begin(), address.end(),
                      [](char c) { return std::isspace(static_cast<unsigned char>(c)) || c == '<' || c == '>'; });
}

template <std::size_t N>
void reject_keys(TableReader& reader, const std::array<std::string_view, N>& keys, std::string_view type) {
  for (std::string_view key : keys) {
    if (reader.find(key)) reader.error(key, fmt::format("'{}' does not apply to {} notifier", key, type));
  }
}

void read_webhook(TableReader& reader, NotifierConfig& notifier) {
  reject_keys(reader, k_email_only, "a webhook");
  if (auto url = reader.string("url", true)) {
    if (!is_http_url(*url)) reader.error("url", "webhook 'url' must be an http:// or https:// URL");
    notifier.url = std::move(*url);
  }
  if (auto format = reader.string("format")) {
    if (*format == "json")
      notifier.format = WebhookFormat::json;
    else if (*format == "slack")
      notifier.format = WebhookFormat::slack;
    else if (*format == "discord")
      notifier.format = WebhookFormat::discord;
    else
      reader.error("format", fmt::format("'format' must be json, slack or discord, got '{}'", *format));
  }
  if (auto secret = read_secret(reader, "secret")) {
    notifier.secret = std::move(secret->value);
    notifier.secret_ref = std::move(secret->ref);
  }
}

void read_tls(TableReader& reader, NotifierConfig& notifier, bool implicit_scheme) {
  notifier.tls = implicit_scheme ? SmtpTls::implicit : SmtpTls::starttls;
  auto tls = reader.string("tls");
  if (!tls) return;
  if (*tls == "starttls")
    notifier.tls = SmtpTls::starttls;
  else if (*tls == "implicit")
    notifier.tls = SmtpTls::implicit;
  else if (*tls == "none")
    notifier.tls = SmtpTls::none;
  else
    return reader.error("tls", fmt::format("'tls' must be starttls, implicit or none, got '{}'", *tls));
  if (implicit_scheme && notifier.tls != SmtpTls::implicit) {
    reader.error("tls", "smtps:// is implicit TLS: use tls = \"implicit\" or an smtp:// URL");
  }
  if (!implicit_scheme && notifier.tls == SmtpTls::implicit) {
    reader.error("tls", "tls = \"implicit\" needs an smtps:// URL (smtp:// upgrades with tls = \"starttls\")");
  }
}

void read_email(TableReader& reader, NotifierConfig& notifier) {
  reject_keys(reader, k_webhook_only, "an email");
  bool implicit_scheme = false;
  if (auto smtp_url = reader.string("smtp_url", true)) {
    implicit_scheme = starts_with_nocase(*smtp_url, "smtps://");
    if (!implicit_scheme && !starts_with_nocase(*smtp_url, "smtp://")) {
      reader.error("smtp_url", "'smtp_url' must start with smtp:// or smtps://");
    }
    notifier.smtp_url = std::move(*smtp_url);
  }
  read_tls(reader, notifier, implicit_scheme);
  if (auto username = reader.string("username")) notifier.username = std::move(*username);
  if (auto password = read_secret(reader, "password")) {
    notifier.password = std::move(password->value);
    notifier.password_ref = std::move(password->ref);
  }
  if ((!notifier.password.empty() || notifier.password_ref) && notifier.username.empty()) {
    reader.error("username", "a password is set but 'username' is not");
  }
  if (auto from = reader.string("from", true)) {
    if (!is_address(*from)) reader.error("from", fmt::format("'from' must be an email address, got '{}'", *from));
    notifier.from = std::move(*from);
  }
  if (auto to = reader.strings("to", true)) {
    if (to->empty()) reader.error("to", "'to' must list at least one address");
    const toml::array& elements = *reader.find("to")->as_array();  // strings() checked the shape
    for (std::size_t i = 0; i < to->size(); ++i) {
      if (is_address((*to)[i])) continue;
      reader.diagnostics().error(elements[i].source(), fmt::format("'{}' is not an email address", (*to)[i]));
    }
    notifier.to = std::move(*to);
  }
  if (auto digest = reader.duration("digest")) notifier.digest = *digest;
}

}  // namespace

NotifierConfig read_notifier(const toml::table& table, Diagnostics& diags) {
  TableReader reader(table, "[[notify]]",
                     {"name", "type", "url", "format", "secret", "secret_env", "secret_file", "smtp_url", "tls",
                      "username", "password", "password_env", "password_file", "from", "to", "digest"},
                     diags);
  NotifierConfig notifier;
  read_name(reader, notifier.name);
  if (auto type = reader.string("type", true)) {
    if (*type == "webhook") {
      notifier.type = NotifierType::webhook;
      read_webhook(reader, notifier);
    } else if (*type == "email") {
      notifier.type = NotifierType::email;
      read_email(reader, notifier);
    } else {
      reader.error("type", fmt::format("'type' must be webhook or email, got '{}'", *type));
    }
  }
  reader.report_unknown_keys();
  return notifier;
}

}  // namespace newswatch::config_detail
