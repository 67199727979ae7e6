// [[notify]]: a webhook, an email sender, or one of the chat and push services
// (ntfy, telegram, matrix, gotify, apprise). Each type has its own keys (one
// row of k_types); a key of another type is reported rather than ignored,
// because "smtp_url" on a webhook notifier means the user is confused about
// what will be sent where. Messages never quote a URL or a secret: URLs often
// carry tokens. The chat services' keys are read in config_channels.cpp.

#include <fmt/format.h>
#include <algorithm>
#include <array>
#include <cctype>

#include "config/config_sections.h"
#include "config/nearest_word.h"
#include "config/secrets.h"

namespace newswatch::config_detail {
namespace {

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

void read_webhook(TableReader& reader, NotifierConfig& notifier) {
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

/// One `type` of notifier: its name, how messages name it, its own keys (KEY of a secret stands for
/// KEY, KEY_env and KEY_file) and the reader of those keys.
struct TypeRow {
  std::string_view name;
  NotifierType type;
  std::string_view described;  ///< "a webhook", for "'to' does not apply to a webhook notifier"
  std::vector<std::string_view> keys;
  void (*read)(TableReader&, NotifierConfig&);
};

const std::vector<TypeRow>& type_rows() {
  static const std::vector<TypeRow> k_types{
      {"webhook", NotifierType::webhook, "a webhook", {"url", "format", "secret"}, read_webhook},
      {"email",
       NotifierType::email,
       "an email",
       {"smtp_url", "tls", "username", "password", "from", "to", "digest"},
       read_email},
      {"ntfy", NotifierType::ntfy, "an ntfy", {"url", "token", "username", "password"}, read_ntfy},
      {"telegram", NotifierType::telegram, "a telegram", {"token", "chat_id", "api_url", "thread_id"}, read_telegram},
      {"matrix", NotifierType::matrix, "a matrix", {"homeserver", "room", "token"}, read_matrix},
      {"gotify", NotifierType::gotify, "a gotify", {"url", "token"}, read_gotify},
      {"apprise", NotifierType::apprise, "an apprise", {"url", "targets"}, read_apprise},
  };
  return k_types;
}

bool is_secret_key(std::string_view key) {
  return key == "secret" || key == "password" || key == "token";
}

/// Every key some type allows, secrets with their _env and _file forms: the table's known keys.
std::vector<std::string_view> all_keys() {
  static const std::vector<std::string> k_keys = [] {
    std::vector<std::string> keys{"name", "type"};
    for (const TypeRow& row : type_rows()) {
      for (std::string_view key : row.keys) {
        for (std::string_view suffix : is_secret_key(key) ? std::vector<std::string_view>{"", "_env", "_file"}
                                                          : std::vector<std::string_view>{""}) {
          std::string full = std::string(key) + std::string(suffix);
          if (std::find(keys.begin(), keys.end(), full) == keys.end()) keys.push_back(std::move(full));
        }
      }
    }
    return keys;
  }();
  return {k_keys.begin(), k_keys.end()};
}

/// Reports each key of the table that another type knows but `row` does not.
void reject_other_types_keys(TableReader& reader, const TypeRow& row) {
  for (const auto& [key, value] : reader.table()) {
    const std::string_view name = key.str();
    std::string_view base = name;
    for (std::string_view suffix : {"_env", "_file"})
      if (base.ends_with(suffix) && is_secret_key(base.substr(0, base.size() - suffix.size())))
        base = base.substr(0, base.size() - suffix.size());
    if (base == "name" || base == "type") continue;
    const auto known = all_keys();
    if (std::find(known.begin(), known.end(), name) == known.end()) continue;  // unknown: reported with a suggestion
    if (std::find(row.keys.begin(), row.keys.end(), base) != row.keys.end()) continue;
    reader.error(name, fmt::format("'{}' does not apply to {} notifier", name, row.described));
  }
}

std::string type_names() {
  std::string names;
  const auto& rows = type_rows();
  for (std::size_t i = 0; i < rows.size(); ++i)
    names += std::string(i == 0 ? "" : i + 1 == rows.size() ? " or " : ", ") + std::string(rows[i].name);
  return names;
}

}  // namespace

NotifierConfig read_notifier(const toml::table& table, Diagnostics& diags) {
  TableReader reader(table, "[[notify]]", all_keys(), diags);
  NotifierConfig notifier;
  read_name(reader, notifier.name);
  if (auto type = reader.string("type", true)) {
    const auto& rows = type_rows();
    auto row = std::find_if(rows.begin(), rows.end(), [&](const TypeRow& r) { return r.name == *type; });
    if (row == rows.end()) {
      std::vector<std::string_view> names;
      for (const TypeRow& r : rows) names.push_back(r.name);
      const std::string near = nearest_word(*type, names);
      reader.error("type", fmt::format("'type' must be {}, got '{}'{}", type_names(), *type,
                                       near.empty() ? "" : " (did you mean '" + near + "'?)"));
    } else {
      notifier.type = row->type;
      reject_other_types_keys(reader, *row);
      row->read(reader, notifier);
    }
  }
  reader.report_unknown_keys();
  return notifier;
}

}  // namespace newswatch::config_detail
