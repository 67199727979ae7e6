#include "alerts/operator_alert.h"

#include <ctime>

#include "alerts/message_text.h"
#include "alerts/normalize.h"

namespace newswatch {
namespace {

std::string iso_time(std::int64_t at) {
  std::time_t seconds = static_cast<std::time_t>(at);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

}  // namespace

std::string operator_subject(const Alert& alert) {
  return "[newswatch health] " + (alert.health ? describe(*alert.health) : alert.item.title);
}

std::string operator_mail_text(const Alert& alert) {
  if (!alert.health) return operator_subject(alert) + "\n";
  const HealthEvent& e = *alert.health;
  std::string text = describe(e) + "\n\n";
  text += e.site.empty() ? std::string("Network: all sites\n") : "Site: " + e.site + "\n";
  text += "From: " + e.from + "\nTo: " + e.to + "\n";
  if (!e.reason.empty()) text += "Reason: " + e.reason + "\n";
  text += "At: " + iso_time(e.at) + "\n";
  return text;
}

nlohmann::ordered_json operator_webhook_body(const Alert& alert, WebhookFormat format) {
  using Json = nlohmann::ordered_json;
  const HealthEvent e = alert.health.value_or(HealthEvent{});
  const std::string line = truncate_text(operator_subject(alert), 1900);
  switch (format) {
    case WebhookFormat::slack: return Json{{"text", slack_escape(line)}};
    case WebhookFormat::discord: return Json{{"content", line}};
    case WebhookFormat::json: break;
  }
  Json body;
  body["event"] = k_health_event_name;
  body["kind"] = "site_health";
  body["delivery"] = alert.delivery_id;
  if (alert.test) body["test"] = true;
  body["site"] = e.site.empty() ? Json(nullptr) : Json(e.site);  // null: the network as a whole
  body["from"] = e.from;
  body["to"] = e.to;
  body["reason"] = e.reason;
  body["at"] = iso_time(e.at);
  body["text"] = describe(e);
  return body;
}

}  // namespace newswatch
