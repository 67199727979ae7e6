#include "alerts/dispatcher.h"
#include "config/clock.h"

#include <unistd.h>

#include <chrono>

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <openssl/rand.h>
#include <spdlog/spdlog.h>

#include "alerts/delivery.h"
#include "alerts/quiet_hours.h"
#include "alerts/send_request.h"
#include "net/loggable_url.h"

namespace newswatch {
namespace {

// Rows claimed per round (a busy round triggers another). Only due rows are claimed (the database decides,
// digest waits included), so nothing that is not due crowds out the rows behind it.
constexpr int k_batch = 100;
// A lease outlives any send: the HTTP timeouts, or SMTP's 60 s, with a wide margin.
constexpr std::chrono::seconds k_smtp_timeout{60};
constexpr std::chrono::seconds k_lease_margin{120};

/// A token naming this process among every process on the database: pid plus 64 random bits.
std::string lease_owner_token() {
  unsigned char bytes[8] = {};
  if (RAND_bytes(bytes, sizeof bytes) != 1) {
    std::random_device device;  // OpenSSL could not seed: the pid still separates live processes
    for (auto& b : bytes) b = static_cast<unsigned char>(device());
  }
  std::string token = "pid" + std::to_string(::getpid()) + "-";
  for (unsigned char b : bytes) token += fmt::format("{:02x}", b);
  return token;
}

/// The watches inside their quiet window at `now` (a high-priority watch never is), with the window.
std::vector<QuietWatch> quiet_watches(const Config& config, std::int64_t now) {
  std::vector<QuietWatch> quiet;
  for (const WatchConfig& watch : config.watches) {
    if (!watch.quiet || watch.high_priority) continue;
    if (auto span = quiet_span_at(*watch.quiet, now))
      quiet.push_back(QuietWatch{watch.name, span->start, span->end,
                                 fmt::format("{} ({}): waits until {}", k_quiet_note, watch.quiet->text,
                                             fmt::format("{:%Y-%m-%d %H:%M}Z", fmt::gmtime(span->end)))});
  }
  return quiet;
}

/// Whether a row waited for quiet hours to end (and has not failed an attempt since).
bool waited_quiet_hours(const Alert& alert) {
  return alert.attempts == 0 && alert.last_error.starts_with(k_quiet_note);
}

}  // namespace

Dispatcher::Dispatcher(boost::asio::io_context& io, HttpClient& http, StoreWorker& store,
                       std::shared_ptr<const Config> config)
    : m_io(io), m_http(http), m_store(store), m_config(std::move(config)), m_timer(io), m_owner(lease_owner_token()) {
  count_notifiers();
}

void Dispatcher::set_config(std::shared_ptr<const Config> config) {
  m_config = std::move(config);
  count_notifiers();
  if (m_started) kick();
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

void Dispatcher::drain_now(std::optional<std::int64_t> only_id, std::function<void()> done) {
  m_only_id = only_id;
  m_ignore_digest_wait = true;
  drain(std::move(done));
}

void Dispatcher::arm_timer() {
  if (!m_started || m_stopped) return;
  m_timer.expires_after(m_poll);
  m_timer.async_wait([this](boost::system::error_code ec) {
    if (!ec) kick();
  });
}

ClaimRequest Dispatcher::claim_request() const {
  const ServiceConfig& service = m_config->service;
  auto lease = std::max(service.connect_timeout + service.request_timeout, k_smtp_timeout) + k_lease_margin;
  ClaimRequest request;
  request.now = unix_now();
  request.owner = m_owner;
  request.lease_until = request.now + std::chrono::duration_cast<std::chrono::seconds>(lease).count();
  request.limit = k_batch;
  for (const NotifierConfig& notifier : m_config->notifiers) {
    request.notifiers.push_back(notifier.name);
    if (notifier.type == NotifierType::email && notifier.digest.count() > 0)
      request.digests.emplace_back(notifier.name, notifier.digest.count());
  }
  request.only_id = m_only_id;
  request.ignore_digest_wait = m_ignore_digest_wait;
  if (!m_only_id && !m_ignore_digest_wait) request.quiet = quiet_watches(*m_config, request.now);  // retry: now
  return request;
}

void Dispatcher::start_round() {
  m_in_round = true;
  m_again = false;
  m_sent_this_round = 0;
  m_store.post([request = claim_request()](Store& store) { return store.claim_due(request); },
               m_alive.guard([this](Result<Claim> claim) {
                 if (!claim) {
                   spdlog::warn("outbox claim failed, will try again: {}", claim.error().message);
                   claim = Claim{};
                 }
                 send_round(std::move(*claim));
               }));
}

void Dispatcher::send_round(Claim claim) {
  if (claim.held > 0)
    spdlog::warn("alerts held count={}: their notifier is not configured; they wait until it is (see `alerts`)",
                 claim.held);
  if (claim.released > 0) spdlog::info("held alerts released count={}: their notifier is back", claim.released);
  std::map<std::string, std::vector<Alert>> mail;  // email notifier -> its claimed rows
  m_outstanding = 1;                               // held by this function until every send has started
  for (Alert& alert : claim.alerts) {
    // Delivered but unrecorded rows come back once their lease expires: never send them again.
    if (m_stopped || m_in_flight.count(alert.id) || m_unrecorded.count(alert.id)) continue;
    const NotifierConfig* notifier = notifier_named(alert.notifier);
    if (!notifier) continue;  // removed by a reload since the claim: its lease expires, the next claim holds it
    if (sends_http(notifier->type)) {
      send_http(*notifier, alert);
    } else {
      mail[notifier->name].push_back(std::move(alert));
    }
  }
  for (auto& [name, alerts] : mail) {
    const NotifierConfig& notifier = *notifier_named(name);
    if (notifier.digest.count() == 0) {  // no digest: one mail per alert, at once; a quiet night's in one digest
      std::vector<Alert> night;
      for (Alert& alert : alerts) {
        if (waited_quiet_hours(alert))
          night.push_back(std::move(alert));
        else
          send_email(notifier, {std::move(alert)});
      }
      if (!night.empty()) send_email(notifier, std::move(night));
      continue;
    }
    send_email(notifier, std::move(alerts));  // the claim took a digest's rows only once it was due
  }
  finish_one();
}

void Dispatcher::send_http(const NotifierConfig& notifier, const Alert& alert) {
  HttpRequest request = notifier_http_request(notifier, alert, m_config->service);
  m_in_flight.insert(alert.id);
  ++m_outstanding;
  ++m_sent_this_round;
  // Host only: Telegram's token is in the path, webhooks' often are.
  spdlog::debug("delivering alert id={} delivery={} watch={} notifier={} to={}", alert.id, alert.delivery_id,
                watch_names(alert), alert.notifier, loggable_url(request.url, true));
  std::string url = request.url;  // copied before the request moves: the outcome names its host
  m_http.start(std::move(request), [this, alert, notifier, url = std::move(url)](Result<HttpResponse> response) {
    m_in_flight.erase(alert.id);
    record({alert}, notifier_outcome(notifier, response, url));
    finish_one();
  });
}

void Dispatcher::send_email(const NotifierConfig& notifier, std::vector<Alert> alerts) {
  SmtpRequest request = email_smtp_request(notifier, alerts, unix_now());
  for (const Alert& alert : alerts) m_in_flight.insert(alert.id);
  ++m_outstanding;
  ++m_sent_this_round;
  m_http.send_mail(std::move(request), [this, alerts = std::move(alerts)](Result<void> sent) {
    for (const Alert& alert : alerts) m_in_flight.erase(alert.id);
    record(alerts, email_outcome(sent));
    finish_one();
  });
}

void Dispatcher::count_notifiers() {
  m_notifiers.clear();
  for (const NotifierConfig& notifier : m_config->notifiers) {
    m_deliveries.try_emplace(notifier.name);
    m_notifiers.try_emplace(notifier.name, &notifier);  // the first of two same-named wins, as in a scan
  }
}

const NotifierConfig* Dispatcher::notifier_named(std::string_view name) const {
  auto found = m_notifiers.find(name);
  return found == m_notifiers.end() ? nullptr : found->second;
}

void Dispatcher::refresh_outbox_snapshot() {
  m_store.post([](Store& store) { return store.outbox_counts(); }, m_alive.guard([this](Result<OutboxCounts> counts) {
    if (counts)
      m_outbox_snapshot = *counts;
    else
      spdlog::debug("outbox counts for /metrics failed: {}", counts.error().message);
  }));
}

void Dispatcher::finish_one() {
  if (--m_outstanding > 0) return;
  m_in_round = false;
  if (m_started && !m_stopped) refresh_outbox_snapshot();  // only the service serves /metrics
  // Another round when asked to, or when this one was busy (a full batch may hide more due rows).
  if (!m_stopped && (m_again || m_sent_this_round > 0)) {
    start_round();
    return;
  }
  auto waiters = std::move(m_drain_waiters);
  m_drain_waiters.clear();
  m_only_id.reset();
  m_ignore_digest_wait = false;
  for (auto& waiter : waiters) waiter();
  arm_timer();
}

}  // namespace newswatch
