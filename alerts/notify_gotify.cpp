// Gotify (gotify.net/api-docs, POST /message): the application token in the
// X-Gotify-Key header (never in the URL, where logs would keep it), the
// message as markdown (client::display) so the marked words show bold, and
// the article as the notification's click target (client::notification).

#include <nlohmann/json.hpp>

#include "alerts/chat_message.h"
#include "alerts/notify_channels.h"

namespace newswatch {
namespace {

constexpr std::size_t k_gotify_message_bytes = 8000;
constexpr std::size_t k_gotify_title_units = 250;
constexpr int k_priority = 5;         // shown as a notification by the Android app (4 and up)
constexpr int k_health_priority = 8;  // a site or the network failing: louder

}  // namespace

WebhookRequest build_gotify(const NotifierConfig& notifier, const Alert& alert) {
  nlohmann::ordered_json body;
  body["title"] = notification_title(alert, k_gotify_title_units);
  body["message"] = plain_message(alert, k_gotify_message_bytes);
  body["priority"] = alert.health ? k_health_priority : k_priority;
  nlohmann::ordered_json extras;
  extras["client::display"] = {{"contentType", "text/markdown"}};
  if (!alert.health && !alert.item.url.empty()) extras["client::notification"] = {{"click", {{"url", alert.item.url}}}};
  body["extras"] = std::move(extras);
  WebhookRequest request;
  request.url = notifier.url + "/message";
  request.body = body.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  request.headers = {"Content-Type: application/json", "X-Gotify-Key: " + notifier.token};
  return request;
}

}  // namespace newswatch
