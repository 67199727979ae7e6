#pragma once
// The requests that carry alerts to a notifier, built one way for the
// Dispatcher and for `newswatch alerts test`, so a test goes out exactly as a
// delivery would: the same body and headers, timeouts, no redirects, and the
// same address policy (a notifier may reach the host it is configured with,
// non-public or not, and no other non-public address).

#include <cstdint>
#include <string>
#include <vector>

#include "config/alert.h"
#include "config/config.h"
#include "config/error.h"
#include "net/http_client.h"

namespace newswatch {

struct AttemptOutcome;

/// True for every notifier type delivered by one HTTP request (all but email).
bool sends_http(NotifierType type) noexcept;

/// The request that delivers `alert` through HTTP `notifier` (a webhook in its format, or a chat or push
/// service's API call, alerts/notify_channels.h), within the service's timeouts.
HttpRequest notifier_http_request(const NotifierConfig& notifier, const Alert& alert, const ServiceConfig& service);

/// The SMTP transaction that delivers `alerts` as one mail (one alert, or a digest) through email `notifier`.
SmtpRequest email_smtp_request(const NotifierConfig& notifier, const std::vector<Alert>& alerts, std::int64_t now);

/// A webhook attempt's outcome; transport errors name the webhook by host only, since its URL's path is
/// often its secret (Slack and Discord put the token there) and errors reach logs, the outbox and the terminal.
AttemptOutcome webhook_outcome(const Result<HttpResponse>& response, const std::string& webhook_url);

/// An HTTP notifier's attempt: webhook_outcome on `request_url` (the request as sent), then the wait a service
/// asks for in its answer's body (Telegram, Matrix), and the notifier's token scrubbed from every text kept.
AttemptOutcome notifier_outcome(const NotifierConfig& notifier, const Result<HttpResponse>& response,
                                const std::string& request_url);

/// An SMTP attempt's outcome: an accepted mail is judged like a 2xx.
AttemptOutcome email_outcome(const Result<void>& sent);

}  // namespace newswatch
