// Telegram Bot API sendMessage (core.telegram.org/bots/api#sendmessage): HTML
// parse mode, whose entities are &lt; &gt; &amp; &quot; and whose tags include
// <b>, <i> and <a href>. The text limit is 4096 characters after entity
// parsing; the whole HTML string, tags and entities included, is kept within
// 4096 UTF-16 units, which is never more than what Telegram counts.

#include <nlohmann/json.hpp>

#include "alerts/chat_message.h"
#include "alerts/notify_channels.h"

namespace newswatch {
namespace {

constexpr std::size_t k_telegram_text_units = 4096;

bool is_integer(std::string_view text) {
  std::string_view digits = text.starts_with('-') ? text.substr(1) : text;
  if (digits.empty() || digits.size() > 18) return false;
  for (char c : digits)
    if (c < '0' || c > '9') return false;
  return true;
}

}  // namespace

WebhookRequest build_telegram(const NotifierConfig& notifier, const Alert& alert) {
  nlohmann::ordered_json body;
  // A numeric chat id goes out as a number, an @channel name as a string (the API takes either).
  if (is_integer(notifier.chat_id))
    body["chat_id"] = std::stoll(notifier.chat_id);
  else
    body["chat_id"] = notifier.chat_id;
  if (notifier.thread_id) body["message_thread_id"] = *notifier.thread_id;
  body["text"] = html_message(alert, k_telegram_text_units);
  body["parse_mode"] = "HTML";
  WebhookRequest request;
  request.url = notifier.api_url + "/bot" + notifier.token + "/sendMessage";
  request.body = body.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  request.headers = {"Content-Type: application/json"};
  return request;
}

}  // namespace newswatch
