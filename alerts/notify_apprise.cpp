// Apprise API, stateless notification (github.com/caronc/apprise-api,
// POST /notify): the Apprise URLs to reach, comma-separated in `urls`, and
// the message as markdown, which Apprise converts for each target. Operator
// alerts go out as type "warning", matches as "info".

#include <nlohmann/json.hpp>

#include "alerts/chat_message.h"
#include "alerts/notify_channels.h"

namespace newswatch {
namespace {

constexpr std::size_t k_apprise_body_bytes = 8000;
constexpr std::size_t k_apprise_title_units = 250;

}  // namespace

WebhookRequest build_apprise(const NotifierConfig& notifier, const Alert& alert) {
  std::string urls;
  for (const std::string& target : notifier.targets) urls += (urls.empty() ? "" : ", ") + target;
  nlohmann::ordered_json body;
  body["urls"] = urls;
  body["title"] = notification_title(alert, k_apprise_title_units);
  body["body"] = plain_message(alert, k_apprise_body_bytes);
  body["type"] = alert.health ? "warning" : "info";
  body["format"] = "markdown";
  WebhookRequest request;
  request.url = notifier.url;
  request.body = body.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  request.headers = {"Content-Type: application/json"};
  return request;
}

}  // namespace newswatch
