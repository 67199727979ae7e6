// The keys of the chat and push notifiers, read alike: where the service is
// (`url`, `api_url` or `homeserver`), who is addressed (`chat_id`, `room`,
// `targets`) and the credential (`token`, or ntfy's `username`/`password`),
// secrets also as KEY_env / KEY_file (secrets.h). The checks are the ones a
// user can act on before anything is sent: a URL that is not http(s), a
// Matrix room alias where the API needs the room id, a Telegram chat id that
// is neither a number nor an @channel name.

#include <fmt/format.h>
#include <algorithm>
#include <cctype>
#include <limits>

#include "config/config_sections.h"
#include "config/secrets.h"

namespace newswatch::config_detail {
namespace {

constexpr std::string_view k_telegram_api = "https://api.telegram.org";

std::string without_trailing_slashes(std::string url) {
  while (url.ends_with('/')) url.pop_back();
  return url;
}

/// Reads a required http(s) URL under `key` into `out`, naming the service in the message.
void read_http_url(TableReader& reader, std::string_view key, std::string_view service, std::string& out) {
  auto url = reader.string(key, true);
  if (!url) return;
  if (!is_http_url(*url)) reader.error(key, fmt::format("{} '{}' must be an http:// or https:// URL", service, key));
  out = std::move(*url);
}

/// Reads token / token_env / token_file; `required` reports its absence.
void read_token(TableReader& reader, NotifierConfig& notifier, bool required) {
  if (auto token = read_secret(reader, "token")) {
    notifier.token = std::move(token->value);
    notifier.token_ref = std::move(token->ref);
  }
  const bool given = reader.find("token") || reader.find("token_env") || reader.find("token_file");
  if (required && !given) reader.missing("token");
}

/// The path of an http(s) URL ("" for "https://ntfy.sh" or "https://ntfy.sh/").
std::string_view url_path(std::string_view url) {
  const std::size_t host = url.find("://");
  if (host == std::string_view::npos) return {};
  const std::size_t slash = url.find('/', host + 3);
  if (slash == std::string_view::npos) return {};
  std::string_view path = url.substr(slash);
  return path.find_first_not_of('/') == std::string_view::npos ? std::string_view{} : path;
}

/// A Telegram chat id: a (negative for groups) integer, or "@channelusername".
bool is_chat_id(std::string_view id) {
  if (id.size() > 1 && id.front() == '@') return true;
  std::string_view digits = id.starts_with('-') ? id.substr(1) : id;
  return !digits.empty() && std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

void read_ntfy(TableReader& reader, NotifierConfig& notifier) {
  read_http_url(reader, "url", "ntfy", notifier.url);
  if (!notifier.url.empty() && is_http_url(notifier.url) && url_path(notifier.url).empty())
    reader.error("url", "ntfy 'url' must name the topic, e.g. \"https://ntfy.sh/mytopic\"");
  read_token(reader, notifier, false);
  if (auto username = reader.string("username")) notifier.username = std::move(*username);
  if (auto password = read_secret(reader, "password")) {
    notifier.password = std::move(password->value);
    notifier.password_ref = std::move(password->ref);
  }
  const bool has_password = !notifier.password.empty() || notifier.password_ref;
  if (has_password && notifier.username.empty()) reader.error("username", "a password is set but 'username' is not");
  if (!notifier.username.empty() && !has_password) reader.error("password", "'username' is set but no password is");
  if ((!notifier.token.empty() || notifier.token_ref) && !notifier.username.empty())
    reader.error("username", "set either 'token' (Bearer) or 'username' and 'password' (Basic), not both");
}

void read_telegram(TableReader& reader, NotifierConfig& notifier) {
  read_token(reader, notifier, true);
  if (const toml::node* chat = reader.find("chat_id")) {
    if (auto number = chat->value<std::int64_t>(); number && chat->is_integer()) {
      notifier.chat_id = std::to_string(*number);
    } else if (auto text = reader.string("chat_id")) {
      if (!is_chat_id(*text))
        reader.error("chat_id", fmt::format("'chat_id' must be a number or an @channel name, got '{}'", *text));
      notifier.chat_id = std::move(*text);
    }
  } else {
    reader.missing("chat_id");
  }
  notifier.api_url = std::string(k_telegram_api);
  if (reader.find("api_url")) {
    std::string api_url;
    read_http_url(reader, "api_url", "telegram", api_url);
    notifier.api_url = without_trailing_slashes(std::move(api_url));
  }
  if (auto thread = reader.integer("thread_id", 1, std::numeric_limits<std::int64_t>::max()))
    notifier.thread_id = *thread;
}

void read_matrix(TableReader& reader, NotifierConfig& notifier) {
  std::string homeserver;
  read_http_url(reader, "homeserver", "matrix", homeserver);
  notifier.homeserver = without_trailing_slashes(std::move(homeserver));
  if (auto room = reader.string("room", true)) {
    if (room->starts_with('#'))
      reader.error("room",
                   "'room' must be the room id (\"!abc123:example.org\", in the room's settings under Advanced), "
                   "not an alias: the send API takes ids only");
    else if (!room->starts_with('!'))
      reader.error("room", fmt::format("'room' must be a room id starting with '!', got '{}'", *room));
    notifier.room = std::move(*room);
  }
  read_token(reader, notifier, true);
}

void read_gotify(TableReader& reader, NotifierConfig& notifier) {
  std::string url;
  read_http_url(reader, "url", "gotify", url);
  notifier.url = without_trailing_slashes(std::move(url));
  read_token(reader, notifier, true);
}

void read_apprise(TableReader& reader, NotifierConfig& notifier) {
  read_http_url(reader, "url", "apprise", notifier.url);
  if (auto targets = reader.strings("targets", true)) {
    if (targets->empty()) reader.error("targets", "'targets' must list at least one Apprise URL");
    const toml::array& elements = *reader.find("targets")->as_array();  // strings() checked the shape
    for (std::size_t i = 0; i < targets->size(); ++i) {
      if ((*targets)[i].find("://") != std::string::npos) continue;
      reader.diagnostics().error(elements[i].source(),
                                 "each of 'targets' must be an Apprise URL such as \"tgram://TOKEN/CHAT\"");
    }
    notifier.targets = std::move(*targets);
  }
}

}  // namespace newswatch::config_detail
