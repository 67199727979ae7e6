#include "alerts/send_request.h"

#include "alerts/delivery.h"
#include "net/loggable_url.h"

namespace newswatch {
namespace {

constexpr std::size_t k_excerpt = 200;
constexpr std::size_t k_max_answer = 1u << 20;

}  // namespace

HttpRequest webhook_http_request(const NotifierConfig& notifier, const Alert& alert, const ServiceConfig& service) {
  WebhookRequest webhook = build_webhook(notifier, alert, NEWSWATCH_VERSION);
  HttpRequest request;
  request.url = webhook.url;
  request.method = "POST";
  request.headers = std::move(webhook.headers);
  request.body = std::move(webhook.body);
  request.user_agent = std::string("newswatch/") + NEWSWATCH_VERSION;
  request.connect_timeout = service.connect_timeout;
  request.total_timeout = service.request_timeout;  // a receiver that never answers is a retry, not a hang
  request.max_body_bytes = k_max_answer;
  request.max_redirects = 0;  // a webhook that moved is a configuration problem, not something to follow with a POST
  return request;             // default address_policy: the notifier's own host, whatever its address
}

SmtpRequest email_smtp_request(const NotifierConfig& notifier, const std::vector<Alert>& alerts, std::int64_t now) {
  SmtpRequest request;
  request.url = notifier.smtp_url;
  // TLS is required unless the user said tls = "none": never send credentials in the clear by accident.
  request.require_starttls = notifier.tls != SmtpTls::none;
  request.username = notifier.username;
  request.password = notifier.password;
  request.from = notifier.from;
  request.to = notifier.to;
  request.message = build_email(notifier, alerts, now);
  return request;
}

AttemptOutcome webhook_outcome(const Result<HttpResponse>& response, const std::string& webhook_url) {
  AttemptOutcome outcome;
  if (!response) {
    outcome.error = response.error().message;
    const std::string shown = loggable_url(webhook_url, true);
    for (auto at = outcome.error.find(webhook_url); at != std::string::npos; at = outcome.error.find(webhook_url, at))
      outcome.error.replace(at, webhook_url.size(), shown);
    return outcome;
  }
  outcome.http_status = response->status;
  outcome.retry_after = response->retry_after;
  outcome.body_excerpt = response->body.substr(0, k_excerpt);
  return outcome;
}

AttemptOutcome email_outcome(const Result<void>& sent) {
  AttemptOutcome outcome;
  if (sent)
    outcome.http_status = 200;  // the SMTP server took the mail: judged like a 2xx
  else
    outcome.error = sent.error().message;
  return outcome;
}

}  // namespace newswatch
