#include "alerts/dispatcher.h"
#include "config/clock.h"

#include <chrono>

#include <spdlog/spdlog.h>

#include "alerts/delivery.h"
#include "net/loggable_url.h"

namespace newswatch {
namespace {

// Rows read per round (a busy round triggers another). Large, because digest rows that are not due yet stay
// in the batch and must not crowd out webhook rows behind them.
constexpr int k_batch = 1000;
constexpr std::size_t k_excerpt = 200;

/// The attempt's outcome; transport errors name the webhook by host only, since a webhook URL's
/// path is often its secret (Slack and Discord put the token there) and errors reach logs and the outbox.
AttemptOutcome outcome_of(const Result<HttpResponse>& response, const std::string& webhook_url) {
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

}  // namespace

Dispatcher::Dispatcher(boost::asio::io_context& io, HttpClient& http, StoreWorker& store,
                       std::shared_ptr<const Config> config)
    : m_io(io), m_http(http), m_store(store), m_config(std::move(config)), m_timer(io) {}

void Dispatcher::set_config(std::shared_ptr<const Config> config) {
  m_config = std::move(config);
}

void Dispatcher::start(std::chrono::seconds poll) {
  m_poll = poll;
  m_started = true;
  kick();
}

void Dispatcher::stop() {
  m_stopped = true;
  m_timer.cancel();
}

void Dispatcher::kick() {
  if (m_stopped) return;
  if (m_in_round) {
    m_again = true;  // the running round ends, then another starts
    return;
  }
  start_round();
}

void Dispatcher::drain(std::function<void()> done) {
  m_drain_waiters.push_back(std::move(done));
  kick();
}

void Dispatcher::arm_timer() {
  if (!m_started || m_stopped) return;
  m_timer.expires_after(m_poll);
  m_timer.async_wait([this](boost::system::error_code ec) {
    if (!ec) kick();
  });
}

void Dispatcher::start_round() {
  m_in_round = true;
  m_again = false;
  m_sent_this_round = 0;
  m_store.post([](Store& store) { return store.due_alerts(unix_now(), k_batch); },
               m_alive.guard([this](Result<std::vector<Alert>> due) {
                 if (!due) {
                   spdlog::error("outbox read failed: {}", due.error().message);
                   due = std::vector<Alert>{};
                 }
                 send_round(std::move(*due));
               }));
}

void Dispatcher::send_round(std::vector<Alert> due) {
  std::map<std::string, std::vector<Alert>> mail;  // email notifier -> its due rows
  const std::int64_t now = unix_now();
  m_outstanding = 1;  // held by this function until every send has started
  for (Alert& alert : due) {
    if (m_stopped || m_in_flight.count(alert.id)) continue;
    const NotifierConfig* notifier = m_config->find_notifier(alert.notifier);
    if (!notifier) {
      record({alert}, AttemptOutcome{404, "", std::nullopt, "notifier '" + alert.notifier + "' is not configured"});
      continue;
    }
    if (notifier->type == NotifierType::webhook) {
      send_webhook(*notifier, alert);
    } else {
      mail[notifier->name].push_back(std::move(alert));
    }
  }
  for (auto& [name, alerts] : mail) {
    const NotifierConfig& notifier = *m_config->find_notifier(name);
    if (notifier.digest.count() == 0) {  // no digest: one mail per alert, at once
      for (Alert& alert : alerts) send_email(notifier, {std::move(alert)});
      continue;
    }
    // A digest waits until its oldest row has waited `digest`, then carries every row.
    if (alerts.front().created_at + notifier.digest.count() > now) continue;
    send_email(notifier, std::move(alerts));
  }
  finish_one();
}

void Dispatcher::send_webhook(const NotifierConfig& notifier, const Alert& alert) {
  WebhookRequest webhook = build_webhook(notifier, alert, NEWSWATCH_VERSION);
  HttpRequest request;
  request.url = webhook.url;
  request.method = "POST";
  request.headers = std::move(webhook.headers);
  request.body = std::move(webhook.body);
  request.user_agent = std::string("newswatch/") + NEWSWATCH_VERSION;
  request.connect_timeout = m_config->service.connect_timeout;
  request.total_timeout = m_config->service.request_timeout;  // a receiver that never answers is a retry, not a hang
  request.max_body_bytes = 1u << 20;
  request.max_redirects = 0;  // a webhook that moved is a configuration problem, not something to follow with a POST
  m_in_flight.insert(alert.id);
  ++m_outstanding;
  ++m_sent_this_round;
  spdlog::debug("delivering alert id={} watch={} notifier={} to={}", alert.id, alert.watch, alert.notifier,
                loggable_url(notifier.url, true));
  m_http.start(std::move(request), [this, alert, url = notifier.url](Result<HttpResponse> response) {
    m_in_flight.erase(alert.id);
    record({alert}, outcome_of(response, url));
    finish_one();
  });
}

void Dispatcher::send_email(const NotifierConfig& notifier, std::vector<Alert> alerts) {
  SmtpRequest request;
  request.url = notifier.smtp_url;
  // TLS is required unless the user said tls = "none": never send credentials in the clear by accident.
  request.require_starttls = notifier.tls != SmtpTls::none;
  request.username = notifier.username;
  request.password = notifier.password;
  request.from = notifier.from;
  request.to = notifier.to;
  request.message = build_email(notifier, alerts, unix_now());
  for (const Alert& alert : alerts) m_in_flight.insert(alert.id);
  ++m_outstanding;
  ++m_sent_this_round;
  m_http.send_mail(std::move(request), [this, alerts = std::move(alerts)](Result<void> sent) {
    for (const Alert& alert : alerts) m_in_flight.erase(alert.id);
    AttemptOutcome outcome;
    if (sent)
      outcome.http_status = 200;  // the SMTP server took the mail: judged like a 2xx
    else
      outcome.error = sent.error().message;
    record(alerts, outcome);
    finish_one();
  });
}

void Dispatcher::record(const std::vector<Alert>& alerts, const AttemptOutcome& outcome) {
  const std::int64_t now = unix_now();
  std::uniform_real_distribution<double> jitter(0.0, 1.0);
  for (const Alert& alert : alerts) {
    Decision decision = decide(alert, outcome, now, jitter(m_random));
    switch (decision.verdict) {
      case Verdict::sent:
        spdlog::info("alert sent id={} watch={} notifier={} site={} url={}", alert.id, alert.watch, alert.notifier,
                     alert.item.site, alert.item.url);
        break;
      case Verdict::retry:
        spdlog::warn("alert retry id={} notifier={} attempt={} reason={} next_in={}s", alert.id, alert.notifier,
                     alert.attempts + 1, decision.reason, decision.next_attempt_at - now);
        break;
      case Verdict::failed:
        spdlog::error("alert failed id={} notifier={} reason={}", alert.id, alert.notifier, decision.reason);
        break;
    }
    ++m_outstanding;
    m_store.post(
        [id = alert.id, decision, now](Store& store) -> Result<void> {
          switch (decision.verdict) {
            case Verdict::sent: return store.mark_sent(id, now);
            case Verdict::retry: return store.mark_retry(id, decision.next_attempt_at, decision.reason);
            case Verdict::failed: return store.mark_failed(id, decision.reason);
          }
          return {};
        },
        m_alive.guard([this, id = alert.id](Result<void> marked) {
          if (!marked) spdlog::error("outbox update failed id={}: {}", id, marked.error().message);
          finish_one();
        }));
  }
}

void Dispatcher::finish_one() {
  if (--m_outstanding > 0) return;
  m_in_round = false;
  // Another round when asked to, or when this one was busy (a full batch may hide more due rows).
  if (!m_stopped && (m_again || m_sent_this_round > 0)) {
    start_round();
    return;
  }
  auto waiters = std::move(m_drain_waiters);
  m_drain_waiters.clear();
  for (auto& waiter : waiters) waiter();
  arm_timer();
}

}  // namespace newswatch
