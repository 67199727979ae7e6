#include "alerts/send_request.h"

#include <nlohmann/json.hpp>

#include "alerts/delivery.h"
#include "alerts/notify_channels.h"
#include "net/loggable_url.h"

namespace newswatch {
namespace {

constexpr std::size_t k_excerpt = 200;
constexpr std::size_t k_max_answer = 1u << 20;

}  // namespace

bool sends_http(NotifierType type) noexcept {
  return type != NotifierType::email;
}

HttpRequest notifier_http_request(const NotifierConfig& notifier, const Alert& alert, const ServiceConfig& service) {
  WebhookRequest built;
  switch (notifier.type) {
    case NotifierType::ntfy: built = build_ntfy(notifier, alert); break;
    case NotifierType::telegram: built = build_telegram(notifier, alert); break;
    case NotifierType::matrix: built = build_matrix(notifier, alert); break;
    case NotifierType::gotify: built = build_gotify(notifier, alert); break;
    case NotifierType::apprise: built = build_apprise(notifier, alert); break;
    case NotifierType::webhook:
    case NotifierType::email: built = build_webhook(notifier, alert, NEWSWATCH_VERSION); break;
  }
  HttpRequest request;
  request.url = std::move(built.url);
  request.method = std::move(built.method);
  request.headers = std::move(built.headers);
  request.body = std::move(built.body);
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

AttemptOutcome notifier_outcome(const NotifierConfig& notifier, const Result<HttpResponse>& response,
                                const std::string& request_url) {
  AttemptOutcome outcome = webhook_outcome(response, request_url);
  if (response && !outcome.retry_after) outcome.retry_after = retry_after_in_body(notifier.type, response->body);
  for (const std::string* secret : {&notifier.token, &notifier.password}) {
    if (secret->empty()) continue;
    for (std::string* text : {&outcome.error, &outcome.body_excerpt})
      for (auto at = text->find(*secret); at != std::string::npos; at = text->find(*secret, at))
        text->replace(at, secret->size(), "[secret]");
  }
  return outcome;
}

std::optional<std::chrono::seconds> retry_after_in_body(NotifierType type, std::string_view body) {
  if (type != NotifierType::telegram && type != NotifierType::matrix) return std::nullopt;
  const auto json = nlohmann::json::parse(body, nullptr, false);
  if (!json.is_object()) return std::nullopt;
  if (type == NotifierType::telegram) {
    const auto parameters = json.find("parameters");
    if (parameters == json.end() || !parameters->is_object()) return std::nullopt;
    const auto seconds = parameters->find("retry_after");
    if (seconds == parameters->end() || !seconds->is_number_integer() || seconds->get<std::int64_t>() < 0)
      return std::nullopt;
    return std::chrono::seconds(seconds->get<std::int64_t>());
  }
  const auto ms = json.find("retry_after_ms");
  if (ms == json.end() || !ms->is_number_integer() || ms->get<std::int64_t>() < 0) return std::nullopt;
  return std::chrono::seconds((ms->get<std::int64_t>() + 999) / 1000);
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
