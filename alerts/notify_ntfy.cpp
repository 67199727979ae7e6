// ntfy (docs.ntfy.sh/publish): the message is the request body and everything
// else rides in headers. Header values are one line (a title can never inject
// a header) and non-ASCII ones are RFC 2047 encoded-words, which ntfy decodes,
// because HTTP headers are not reliably UTF-8 on the way. The body is cut to
// 4096 bytes, ntfy's default message limit (a longer one becomes an attachment).

#include <openssl/evp.h>

#include <fmt/format.h>

#include "alerts/chat_message.h"
#include "alerts/message_text.h"
#include "alerts/normalize.h"
#include "alerts/notify_channels.h"

namespace newswatch {
namespace {

constexpr std::size_t k_ntfy_message_bytes = 4096;
constexpr std::size_t k_ntfy_title_units = 250;
constexpr std::size_t k_ntfy_click_bytes = 2048;
constexpr std::size_t k_ntfy_encoded_chunk = 45;  // bytes per encoded-word: 60 base64 characters, under RFC 2047's 75

/// A header value: as it is when ASCII, else encoded-words each holding whole characters.
std::string header_value(std::string_view raw) {
  const std::string text = one_line(raw);
  if (is_ascii(text)) return text;
  return join(encoded_words(text, k_ntfy_encoded_chunk), " ");
}

/// Tags show as emoji when they name one: a newspaper, then each watch (commas would split a tag).
std::string tags(const Alert& alert) {
  if (alert.health) return "warning,newswatch";
  std::string out = alert.test ? "test_tube,newspaper" : "newspaper";
  for (const std::string& watch : alert_watches(alert)) {
    std::string tag = watch;
    for (char& c : tag)
      if (c == ',') c = ' ';
    out += "," + tag;
  }
  return out;
}

}  // namespace

WebhookRequest build_ntfy(const NotifierConfig& notifier, const Alert& alert) {
  WebhookRequest request;
  request.url = notifier.url;
  request.body = plain_message(alert, k_ntfy_message_bytes);
  request.headers = {
      "Content-Type: text/plain; charset=utf-8",
      "Title: " + header_value(notification_title(alert, k_ntfy_title_units)),
      "Tags: " + header_value(tags(alert)),
      std::string("Priority: ") + (alert.health ? "4" : "3"),
      "Markdown: yes",  // the marked words are **bold**
  };
  const std::string& click = alert.item.url;
  if (!alert.health && !click.empty() && click.size() <= k_ntfy_click_bytes && is_ascii(click) &&
      click.find_first_of("\r\n") == std::string::npos)
    request.headers.push_back("Click: " + click);
  if (!notifier.token.empty())
    request.headers.push_back("Authorization: Bearer " + one_line(notifier.token));
  else if (!notifier.username.empty())
    request.headers.push_back("Authorization: Basic " + base64(notifier.username + ":" + notifier.password));
  return request;
}

}  // namespace newswatch
