#include "alerts/test_alert.h"

#include <array>
#include <chrono>
#include <ctime>
#include <random>

#include <fmt/format.h>
#include <openssl/rand.h>
#include <spdlog/spdlog.h>

#include "alerts/delivery.h"
#include "alerts/send_request.h"
#include "net/loggable_url.h"

namespace newswatch {
namespace {

/// A random version-4 UUID, the form every delivery id takes (receivers may check it).
std::string random_delivery_id() {
  std::array<unsigned char, 16> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    std::random_device device;  // OpenSSL could not seed: a test message's id need not be unguessable
    for (auto& b : bytes) b = static_cast<unsigned char>(device());
  }
  bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0F) | 0x40);  // version 4
  bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3F) | 0x80);  // RFC 4122 variant
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += fmt::format("{:02x}", bytes[i]);
  }
  return out;
}

std::string iso_utc(std::int64_t now) {
  std::time_t t = static_cast<std::time_t>(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%S+00:00", &tm);
  return buffer;
}

long long elapsed_ms(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - since).count();
}

/// The result line: the status and time when delivered, else the reason a delivery would record.
TestSendResult judge(const Alert& alert, const AttemptOutcome& outcome, bool smtp, long long ms) {
  Decision decision = decide(alert, outcome, alert.created_at, 0.5);
  if (decision.verdict == Verdict::sent) {
    std::string answer = smtp ? "accepted by the SMTP server" : "HTTP " + std::to_string(outcome.http_status);
    return {true, fmt::format("{} in {} ms", answer, ms)};
  }
  const char* then = decision.verdict == Verdict::retry ? "a delivery would retry this" : "a delivery would give up";
  return {false, fmt::format("{} (after {} ms; {})", decision.reason, ms, then)};
}

}  // namespace

Alert make_test_alert(std::int64_t now) {
  Alert alert;
  alert.delivery_id = random_delivery_id();
  alert.watch = "(test)";
  alert.notifier = "";
  alert.test = true;
  alert.created_at = now;
  alert.next_attempt_at = now;
  alert.item.site = "newswatch";
  alert.item.url = "https://newswatch.invalid/test-alert";  // .invalid: never a real page
  alert.item.title = "newswatch test alert";
  alert.item.summary =
      "A test message from `newswatch alerts test`: this notifier is set up. No story matched; nothing was queued.";
  alert.item.published = iso_utc(now);
  return alert;
}

void send_test_alert(HttpClient& http, const ServiceConfig& service, const NotifierConfig& notifier, Alert alert,
                     std::function<void(TestSendResult)> done) {
  alert.notifier = notifier.name;
  const auto started = std::chrono::steady_clock::now();
  if (sends_http(notifier.type)) {
    HttpRequest request = notifier_http_request(notifier, alert, service);
    std::string url = request.url;
    spdlog::info("sending test alert notifier={} delivery={} to={}", notifier.name, alert.delivery_id,
                 loggable_url(url, true));
    http.start(std::move(request),
               [alert, notifier, url = std::move(url), started, done = std::move(done)](Result<HttpResponse> response) {
                 done(judge(alert, notifier_outcome(notifier, response, url), false, elapsed_ms(started)));
               });
    return;
  }
  spdlog::info("sending test alert notifier={} delivery={} to={}", notifier.name, alert.delivery_id,
               loggable_url(notifier.smtp_url));
  http.send_mail(email_smtp_request(notifier, {alert}, alert.created_at),
                 [alert, started, done = std::move(done)](Result<void> sent) {
                   done(judge(alert, email_outcome(sent), true, elapsed_ms(started)));
                 });
}

}  // namespace newswatch
