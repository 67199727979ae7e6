#pragma once
// Operator alerts: a site's health changed, or the network's. They share the
// outbox, notifiers, signatures and retries with item alerts, but their payload
// is clearly of another kind, so a receiver routing on it cannot mistake one
// for news: JSON {"event": "site.health", "kind": "site_health", site, from,
// to, reason, at}, header X-Newswatch-Event: site.health, a Slack or Discord
// message that starts with "[newswatch health]", and a mail whose subject does.

#include <string>

#include <nlohmann/json.hpp>

#include "config/alert.h"
#include "config/config.h"

namespace newswatch {

/// "site.health": the X-Newswatch-Event of an operator alert.
inline constexpr const char* k_health_event_name = "site.health";

/// The webhook body for an operator alert (alert.health set) in `format`.
nlohmann::ordered_json operator_webhook_body(const Alert& alert, WebhookFormat format);

/// "[newswatch health] site nknews degraded: no items on a 200 page".
std::string operator_subject(const Alert& alert);

/// The plain-text mail body of an operator alert (without the signature line).
std::string operator_mail_text(const Alert& alert);

}  // namespace newswatch
